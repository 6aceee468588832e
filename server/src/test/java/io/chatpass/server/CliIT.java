package io.chatpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as an operator pipes it: standard output carries only a command's output, standard error one line
 * per refusal (exit 2), help on every command, finding users, and keys written to files.
 */
class CliIT {
    static final String LOGIN_SECRET = "login-secret-for-cli-it-tests-000000000000";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run cli(Map<String, String> env, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("chatpass.jar")));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CHATPASS_"));
        pb.environment().putAll(env);
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(out), Files.readString(err));
    }

    Run cli(String... args) throws Exception {
        return cli(Map.of(), args);
    }

    @Test
    void everyCommandAndSubcommandHasHelp() throws Exception {
        for (String[] args : new String[][] {{"--help"}, {"help"}, {"help", "users"}, {"serve", "--help"}, {"demo", "--help"},
                {"check-config", "--help"}, {"keys", "--help"}, {"keys", "generate", "--help"}, {"keys", "rotate", "--help"},
                {"keys", "status", "--help"}, {"users", "--help"}, {"users", "search", "--help"}, {"users", "list", "--help"},
                {"users", "block", "--help"}, {"users", "export", "--help"}, {"users", "erase", "--help"}, {"store", "backup", "--help"},
                {"health", "--help"}}) {
            Run r = cli(args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: chatpass");
        }
        assertThat(cli("--help").out()).contains("Exit codes:").contains("refused: a bad configuration");
    }

    @Test
    void theStoreCommandsPrintOnlyTheirOutputAndRefuseInOneLine() throws Exception {
        Path config = TestServer.writeConfig(dir, 0, "");
        Files.writeString(config, Files.readString(config) + """
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: %s, projectId: p1}
                """.formatted(LOGIN_SECRET));
        try (TestServer s = TestServer.start(new io.chatpass.server.config.ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config))) {
            var me = s.send(s.request("/v1/me").header("Cookie", "token="
                    + com.auth0.jwt.JWT.create().withIssuer("https://login.xsolla.com").withSubject("cli-1")
                    .withClaim("email", "Cli.One@example.com").withClaim("email_verified", true).withClaim("name", "Cli One")
                    .withClaim("xsolla_login_project_id", "p1").withExpiresAt(java.util.Date.from(java.time.Instant.now().plusSeconds(600)))
                    .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(LOGIN_SECRET))));
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        } // closing writes the sighting
        Run export = cli("users", "export", "--config", config.toString(), "cli-1");
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(Json.MAPPER.readTree(export.out()).at("/profile/email").asText()).as("stdout is the JSON alone").isEqualTo("Cli.One@example.com");

        Run search = cli("users", "search", "--config", config.toString(), "cli.one@");
        assertThat(search.exit()).isZero();
        assertThat(search.out().lines().toList()).singleElement().asString().startsWith("cli-1\tCli.One@example.com\tCli One\t");
        Run list = cli("users", "list", "--config", config.toString(), "--size", "1");
        assertThat(list.out().lines().count()).isEqualTo(1);

        for (String[] unknown : new String[][] {{"users", "export"}, {"users", "erase"}, {"users", "unblock"}}) {
            List<String> args = new ArrayList<>(List.of(unknown));
            args.addAll(List.of("--config", config.toString(), "nobody-here"));
            Run r = cli(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", unknown)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().toList()).singleElement().asString().contains("no such user nobody-here");
        }
        Run block = cli("users", "block", "--config", config.toString(), "not-seen-yet");
        assertThat(block.exit()).isZero();
        assertThat(block.out()).contains("never seen here yet");

        Run backup = cli("store", "backup", "--config", config.toString(), dir.resolve("no/such/folder/copy.db").toString());
        assertThat(backup.exit()).isEqualTo(2);
        assertThat(backup.err().lines().toList()).singleElement().asString().contains("does not exist");
        assertThat(backup.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void keysGenerateWritesOwnerOnlyFilesAndTheLinesThatUseThem() throws Exception {
        Path secrets = dir.resolve("secrets");
        Run r = cli("keys", "generate", "--name", "carol", "--out", secrets.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        for (String f : new String[] {"keyset.json", "hmac-secret", "carol.token"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve(f)))).as(f).isEqualTo("rw-------");
        }
        assertThat(r.out()).doesNotContain(Files.readString(secrets.resolve("carol.token")).strip())
                .as("the token itself is only in its file").contains("${file:" + secrets.resolve("keyset.json") + "}");
        // the printed lines are a configuration that passes check-config
        String yaml = r.out().lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        Files.writeString(dir.resolve("generated.yml"), yaml);
        Run check = cli("check-config", "--config", dir.resolve("generated.yml").toString());
        assertThat(check.exit()).as(check.err() + yaml).isZero();
        Run again = cli("keys", "generate", "--name", "carol", "--out", secrets.toString());
        assertThat(again.exit()).as("existing files are left alone").isEqualTo(2);
    }

    @Test
    void checkConfigReportsEveryProblemAndNotesUnverifiedEmails() throws Exception {
        Path config = TestServer.writeConfig(dir, 0, """
                login:
                  verifiers:
                    - {name: shop, preset: xsolla, secret: login-secret-0123456789abcdef-0123456789, projectId: p1}
                widgets:
                  front: {secret: front-chat-verification-secret-0001}
                """);
        Run ok = cli("check-config", "--config", config.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("configuration OK").contains("note: login.verifiers[0] (shop)").contains("emailsVerified: true");
        Files.writeString(config, Files.readString(config) + "limits:\n  perIpPerMinute: lots\n  perUserPerMinut: 5\n");
        Run bad = cli("check-config", "--config", config.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("limits.perIpPerMinute: expected a number").contains("limits.perUserPerMinut: unknown key");
    }

    @Test
    void aPortInUseIsOneLineWithoutAnotherProgramsErrorBeforeIt() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path config = TestServer.writeConfig(dir, taken.getLocalPort(), "");
            Run r = cli("serve", "--config", config.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("ERROR")
                    .doesNotContain("Exception in");
        }
    }
}

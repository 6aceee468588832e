package io.chatpass.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chatpass-VERSION.tar.gz unpacked into an empty folder and started with nothing but a Java runtime: no Maven, no
 * source tree, no java on the PATH (JAVA_HOME points at a folder holding only bin/java).
 */
class DistributionIT {
    static Process start(Path dir, Path home, String... args) throws Exception {
        return start(dir, home, java.util.Map.of(), args);
    }

    static Process start(Path dir, Path home, java.util.Map<String, String> env, String... args) throws Exception {
        Path jre = dir.resolve("jre/bin");
        if (!Files.exists(jre)) {
            Files.createDirectories(jre);
            Files.createSymbolicLink(jre.resolve("java"), Path.of(ProcessHandle.current().info().command().orElseThrow()));
        }
        Path emptyPath = Files.createDirectories(dir.resolve("empty-path"));
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/bash", home.resolve("bin/chatpass").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", emptyPath.toString());
        pb.environment().put("JAVA_HOME", dir.resolve("jre").toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void theUnpackedDistributionStartsWithOnlyAJavaRuntime(@TempDir Path dir) throws Exception {
        Path tarball = Path.of(System.getProperty("chatpass.tarball"));
        Process untar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(untar.waitFor()).isZero();
        Path home = dir.resolve("chatpass");
        assertThat(home.resolve("bin/chatpass")).isExecutable();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License").contains("Version 2.0");
        assertThat(home.resolve("chatpass-sbom.cdx.json")).content().contains("\"bomFormat\" : \"CycloneDX\"")
                .contains("pkg:maven/io.javalin/javalin@").contains("pkg:maven/com.nimbusds/nimbus-jose-jwt@").doesNotContain("junit");
        String readme = Files.readString(home.resolve("README.md"));
        java.util.regex.Matcher links = java.util.regex.Pattern.compile("\\]\\(((?:docs|deploy|config)/[^)#\\s]+)").matcher(readme);
        while (links.find()) {
            assertThat(home.resolve(links.group(1))).as("the README names " + links.group(1) + ": it ships").exists();
        }
        Path sum = Path.of(tarball + ".sha256");
        Process check = new ProcessBuilder("sha256sum", "-c", sum.getFileName().toString()).directory(sum.getParent().toFile())
                .redirectErrorStream(true).start();
        assertThat(new String(check.getInputStream().readAllBytes())).contains(": OK");
        assertThat(check.waitFor()).isZero();
        assertThat(home.resolve("app/chatpass-server.jar")).isRegularFile();
        assertThat(home.resolve("config/chatpass.example.yml")).isRegularFile();
        assertThat(home.resolve("deploy/chatpass.service")).isRegularFile();
        assertThat(home.resolve("deploy/helm/chatpass/Chart.yaml")).isRegularFile();
        assertThat(home.resolve("deploy/nginx/chatpass.conf")).isRegularFile();
        try (var libs = Files.list(home.resolve("app/lib"))) {
            assertThat(libs.filter(p -> p.toString().endsWith(".jar")).count()).isGreaterThan(20);
        }

        Process keys = start(dir, home, "keys", "generate", "--name", "ops");
        List<String> lines = new String(keys.getInputStream().readAllBytes()).lines().toList();
        // (stdout only: logs go to standard error)
        assertThat(keys.waitFor()).as(String.join("\n", lines)).isZero();
        Files.writeString(dir.resolve("keyset.json"), lines.get(2));
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("chatpass.yml"), """
                server: {port: %d}
                store:
                  sqlitePath: %s
                  encryptionKeyset: ${file:keyset.json}
                """.formatted(port, dir.resolve("data.db")));
        Process server = start(dir, home, "serve", "--config", dir.resolve("chatpass.yml").toString());
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && server.isAlive()) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) break;
                } catch (java.io.IOException e) {
                    Thread.sleep(200);
                }
            }
            assertThat(status).as("ready").isEqualTo(200);
            Process health = start(dir, home, "health", "--url", "http://127.0.0.1:" + port + "/health/ready");
            assertThat(health.waitFor()).isZero();
        } finally {
            server.destroy();
            server.waitFor();
        }
        assertThat(dir.resolve("data.db")).isRegularFile();
    }

    static String run(Path dir, Path home, java.util.Map<String, String> env, String... args) throws Exception {
        Process p = start(dir, home, env, args);
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    static Path archive(Path home) throws Exception {
        String state = Files.readString(home.resolve("app/chatpass.jsa.state"));
        return home.resolve("app").resolve(state.lines().findFirst().orElseThrow());
    }

    /**
     * An upgrade unpacked over the install folder: the JDK refuses a class-data archive once any jar it was made with
     * has another size or time, and makes no new one by itself; the launcher names a new one, made by its warm-up.
     */
    @Test
    void anUpgradeUnpackedOverTheFolderGetsANewClassDataArchive(@TempDir Path dir) throws Exception {
        Process untar = new ProcessBuilder("tar", "xzf", System.getProperty("chatpass.tarball"), "-C", dir.toString()).inheritIO().start();
        assertThat(untar.waitFor()).isZero();
        Path home = dir.resolve("chatpass");
        java.util.Map<String, String> classLog = java.util.Map.of("JAVA_OPTS", "-Xlog:class+load=info");

        run(dir, home, java.util.Map.of(), "--help");
        Path first = archive(home);
        assertThat(first).as("the first run makes the archive on its way out").isNotEmptyFile();
        assertThat(run(dir, home, classLog, "--help")).contains("io.chatpass.server.Main source: shared objects file");
        assertThat(run(dir, home, classLog, "warm-up")).as("made by the warm-up: a class only a login check loads is in it")
                .contains("io.chatpass.core.login.ClaimsJson source: shared objects file");
        run(dir, home, java.util.Map.of(), "--help");
        assertThat(archive(home)).as("the same jars keep the same archive").isEqualTo(first);

        // The upgrade's core jar, built after the archive was made.
        Path core;
        try (var libs = Files.list(home.resolve("app/lib"))) {
            core = libs.filter(p -> p.getFileName().toString().startsWith("chatpass-core")).findFirst().orElseThrow();
        }
        Thread.sleep(1_100); // file times in whole seconds on some file systems
        Files.setLastModifiedTime(core, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));

        run(dir, home, java.util.Map.of(), "--help");
        Path second = archive(home);
        assertThat(second).as("a new archive").isNotEqualTo(first).isNotEmptyFile();
        assertThat(first).as("the old one emptied").isEmptyFile();
        assertThat(run(dir, home, classLog, "--help")).as("Chatpass's classes from the new archive, not the jars")
                .contains("io.chatpass.server.Main source: shared objects file").doesNotContain("io.chatpass.server.Main source: jar");
    }
}

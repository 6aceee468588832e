package io.chatpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chatpass check-config` as an operator runs it: the packaged jar, a file, an exit code, a message. */
class CheckConfigIT {
    record Run(int code, String out) {
    }

    static Run checkConfig(Path config) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("chatpass.jar"),
                "check-config", "--config", config.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Run(p.waitFor(), out);
    }

    @Test
    void aValidConfigPasses(@TempDir Path dir) throws Exception {
        Run r = checkConfig(TestServer.writeConfig(dir, 8080, ""));
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("configuration OK");
    }

    @Test
    void aTenCharacterHmacSecretIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
        Run r = checkConfig(TestServer.writeConfig(dir, 8080, """
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: "0123456789", projectId: p1}
                """));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("login.verifiers[0].secret").contains("256 bits").doesNotContain("0123456789");
    }

    @Test
    void anUnknownKeyIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path config = TestServer.writeConfig(dir, 8080, "");
        Files.writeString(config, Files.readString(config).replace("  port: 8080\n", "  port: 8080\n  prot: 9\n"));
        Run r = checkConfig(config);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("server.prot").contains("unknown key");
    }

    @Test
    void aMalformedUrlIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
        Run r = checkConfig(TestServer.writeConfig(dir, 8080, """
                login:
                  verifiers:
                    - {name: corp, preset: jwks, jwksUrl: "ht!tp://bad url", issuer: "https://corp.example", audience: [chat]}
                """));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("login.verifiers[0].jwksUrl").contains("malformed URL");
    }
}

package io.chatpass.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/: the systemd unit is valid and hardened; the Kubernetes manifests hold together and their configuration passes check-config. */
class DeployFilesIT {
    static final Path DEPLOY = Path.of(System.getProperty("chatpass.deploy"));
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theSystemdUnitIsValidAndHardened(@TempDir Path dir) throws Exception {
        String unit = Files.readString(DEPLOY.resolve("chatpass.service"));
        assertThat(unit).contains("ExecStart=/opt/chatpass/bin/chatpass serve --config /etc/chatpass/chatpass.yml")
                .contains("User=chatpass").contains("NoNewPrivileges=yes").contains("ProtectSystem=strict")
                .contains("ReadWritePaths=/var/lib/chatpass").contains("CapabilityBoundingSet=\n").contains("PrivateTmp=yes")
                .contains("ExecReload=/bin/kill -HUP $MAINPID");
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(analyze)) {
            System.err.println("SKIPPED LOUDLY: systemd-analyze is not installed; the unit was checked by its text only");
            return;
        }
        Path copy = dir.resolve("chatpass.service");
        Files.writeString(copy, unit.replace("/opt/chatpass/bin/chatpass", "/bin/true"));
        Process p = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void theKubernetesManifestsRunTwoHardenedReplicasWhoseConfigurationIsValid(@TempDir Path dir) throws Exception {
        JsonNode deployment = YAML.readTree(DEPLOY.resolve("k8s/deployment.yaml").toFile());
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode pod = deployment.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        JsonNode c = pod.at("/containers/0");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        List<String> volumes = new ArrayList<>();
        pod.get("volumes").forEach(v -> volumes.add(v.has("secret") ? "secret:" + v.at("/secret/secretName").asText() : v.get("name").asText()));
        assertThat(volumes).contains("secret:chatpass-secrets", "config", "tmp");

        // The shipped configuration, with its secret files made up, passes the same validation as a start.
        String yml = YAML.readTree(DEPLOY.resolve("k8s/configmap.yaml").toFile()).at("/data/chatpass.yml").asText();
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Process keys = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar(), "keys", "generate").start();
        Files.writeString(secrets.resolve("keyset.json"), new String(keys.getInputStream().readAllBytes()).lines().toList().get(2));
        Files.writeString(secrets.resolve("login-secret"), "a-login-secret-of-at-least-32-bytes-0000");
        Files.writeString(secrets.resolve("postgres-password"), "pw");
        Files.writeString(secrets.resolve("admin-ops.sha256"), HexFormat.of().formatHex(new byte[32]) + "\n");
        Path config = dir.resolve("chatpass.yml");
        Files.writeString(config, yml.replace("/etc/chatpass/secrets", secrets.toString()));
        Process check = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar(), "check-config",
                "--config", config.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(out).isZero();
    }

    static String jar() {
        return DEPLOY.resolve("../server/target/chatpass-server.jar").normalize().toString();
    }
}

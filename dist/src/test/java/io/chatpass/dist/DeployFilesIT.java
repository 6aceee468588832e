package io.chatpass.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/: the systemd unit is valid, hardened and starts as shipped; the Helm chart lints, renders and its configuration passes check-config. */
class DeployFilesIT {
    static final Path DEPLOY = Path.of(System.getProperty("chatpass.deploy"));
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theSystemdUnitIsValidAndHardened(@TempDir Path dir) throws Exception {
        String unit = Files.readString(DEPLOY.resolve("chatpass.service"));
        assertThat(unit).contains("ExecStart=/opt/chatpass/bin/chatpass serve --config /etc/chatpass/chatpass.yml")
                .contains("User=chatpass").contains("NoNewPrivileges=yes").contains("ProtectSystem=strict")
                .contains("ReadWritePaths=/var/lib/chatpass").contains("CapabilityBoundingSet=\n").contains("PrivateTmp=yes")
                .contains("ExecReload=/bin/kill -HUP $MAINPID").contains("Type=exec").contains("SystemCallFilter=@system-service")
                .contains("LoadCredential=secrets:/etc/chatpass/secrets");
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(analyze)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError("systemd-analyze is needed (apt-get install systemd)");
            System.err.println("SKIPPED LOUDLY: systemd-analyze is not installed; the unit was checked by its text only");
            return;
        }
        Path copy = dir.resolve("chatpass.service");
        Files.writeString(copy, unit.replace("/opt/chatpass/bin/chatpass", "/bin/true"));
        Process p = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        // systemd's own score of the sandboxing (0 safest .. 10): the unit stays in its "OK" band
        Process security = new ProcessBuilder(analyze.toString(), "security", "--offline=true", copy.toString())
                .redirectErrorStream(true).start();
        String report = new String(security.getInputStream().readAllBytes());
        security.waitFor();
        java.util.regex.Matcher level = java.util.regex.Pattern.compile("Overall exposure level for chatpass.service: ([0-9.]+)").matcher(report);
        assertThat(level.find()).as(report).isTrue();
        assertThat(Double.parseDouble(level.group(1))).as(report).isLessThanOrEqualTo(2.0);
    }

    /** The unit's Environment= lines as a map, as systemd would pass them. */
    static java.util.Map<String, String> unitEnvironment(String unit) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        unit.lines().filter(l -> l.startsWith("Environment=")).forEach(l -> {
            for (String pair : l.substring("Environment=".length()).trim().split("\\s+")) {
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        });
        return env;
    }

    @Test
    void serveStartsWithExactlyTheUnitsEnvironmentAndReadsCredentials(@TempDir Path dir) throws Exception {
        java.util.Map<String, String> env = unitEnvironment(Files.readString(DEPLOY.resolve("chatpass.service")));
        assertThat(env).containsKeys("CHATPASS_HEAP", "CHATPASS_CDS");
        Path creds = Files.createDirectories(dir.resolve("credentials"));
        Process keys = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar(), "keys", "generate").start();
        Files.writeString(creds.resolve("secrets_keyset.json"), new String(keys.getInputStream().readAllBytes()).lines().toList().get(2));
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("chatpass.yml");
        Files.writeString(config, """
                server: {port: %d}
                store:
                  sqlitePath: %s
                  encryptionKeyset: ${credential:secrets_keyset.json}
                """.formatted(port, dir.resolve("data.db")));
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar(), "serve",
                "--config", config.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("CREDENTIALS_DIRECTORY", creds.toString()); // what systemd sets for LoadCredential=
        Process server = pb.start();
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && server.isAlive() && status != 200) {
                try {
                    status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    Thread.sleep(200);
                }
            }
            assertThat(status).as(Files.readString(dir.resolve("serve.log"))).isEqualTo(200);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** The chart rendered by the real helm, each document keyed by kind and name. */
    static java.util.Map<String, JsonNode> render(Path chart, java.util.Map<String, String> set) throws Exception {
        var template = new com.marcnuri.helm.Helm(chart).template().withName("shop").withNamespace("chat").withKubeVersion("v1.31.0");
        set.forEach(template::set);
        String rendered = template.call();
        java.util.Map<String, JsonNode> docs = new java.util.LinkedHashMap<>();
        try (var parser = YAML.getFactory().createParser(rendered)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && d.has("kind")) docs.put(d.get("kind").asText() + "/" + d.at("/metadata/name").asText(), d);
            }
        }
        return docs;
    }

    @Test
    void theHelmChartLintsAndRendersHardenedReplicasWithMigrationsOncePerRelease(@TempDir Path dir) throws Exception {
        Path chart = DEPLOY.resolve("helm/chatpass");
        var lint = new com.marcnuri.helm.Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();

        var docs = render(chart, java.util.Map.of());
        assertThat(docs.keySet()).contains("Deployment/shop-chatpass", "ConfigMap/shop-chatpass-config", "Service/shop-chatpass",
                "Service/shop-chatpass-management", "PodDisruptionBudget/shop-chatpass", "NetworkPolicy/shop-chatpass")
                .as("the migration Job is a hook: helm's rendered manifest leaves hooks out")
                .doesNotContain("Job/shop-chatpass-migrate", "Ingress/shop-chatpass", "ServiceMonitor/shop-chatpass");
        // The hook's text, and the Job rendered as a plain resource to read it
        assertThat(Files.readString(chart.resolve("templates/migrate-job.yaml")))
                .contains("helm.sh/hook: pre-install,pre-upgrade").contains("helm.sh/hook-weight: \"-5\"");
        docs.putAll(render(chart, java.util.Map.of("migrations.hook", "false")));
        assertThat(docs.keySet()).contains("Job/shop-chatpass-migrate", "ConfigMap/shop-chatpass-migrate-config");
        JsonNode deployment = docs.get("Deployment/shop-chatpass");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode pod = deployment.at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(pod.at("/securityContext").has("fsGroup")).as("secrets are readable without fsGroup").isFalse();
        assertThat(pod.at("/topologySpreadConstraints").size()).isEqualTo(2);
        JsonNode c = pod.at("/containers/0");
        assertThat(c.at("/args").toString()).contains("/etc/chatpass/config/chatpass.yml");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(c.at("/lifecycle/preStop/sleep/seconds").asInt()).isPositive();
        assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("384Mi");
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        java.util.Map<String, String> env = new java.util.HashMap<>();
        c.at("/env").forEach(e -> env.put(e.get("name").asText(), e.get("value").asText()));
        assertThat(env).containsEntry("JAVA_TOOL_OPTIONS", "-Xmx72m -Xmn24m").containsEntry("CHATPASS_STORE_MIGRATEONSTART", "false");
        c.at("/volumeMounts").forEach(m -> assertThat(m.has("subPath")).as("mounted as a folder, so ConfigMap updates arrive").isFalse());
        JsonNode secretVolume = null;
        for (JsonNode v : pod.get("volumes")) if (v.has("secret")) secretVolume = v;
        assertThat(secretVolume.at("/secret/defaultMode").asInt()).isEqualTo(0444);

        JsonNode job = docs.get("Job/shop-chatpass-migrate");
        assertThat(job.at("/spec/template/spec/containers/0/args").toString()).contains("store").contains("migrate")
                .contains("/etc/chatpass/config/chatpass.yml");
        assertThat(job.at("/spec/template/spec/volumes/0/configMap/name").asText()).isEqualTo("shop-chatpass-migrate-config");
        assertThat(job.at("/spec/template/spec/containers/0/env").isMissingNode()).as("the Job migrates: no migrateOnStart false").isTrue();
        JsonNode policy = docs.get("NetworkPolicy/shop-chatpass");
        assertThat(policy.at("/spec/policyTypes").toString()).contains("Ingress").contains("Egress");
        assertThat(policy.at("/spec/ingress/1/ports/0/port").asInt()).isEqualTo(9090);

        var optional = render(chart, java.util.Map.of("ingress.enabled", "true", "ingress.tlsSecretName", "chat-tls",
                "serviceMonitor.enabled", "true", "migrations.enabled", "false", "heap", "160m"));
        assertThat(optional.keySet()).contains("Ingress/shop-chatpass", "ServiceMonitor/shop-chatpass").doesNotContain("Job/shop-chatpass-migrate");
        assertThat(optional.get("Ingress/shop-chatpass").at("/spec/tls/0/secretName").asText()).isEqualTo("chat-tls");
        assertThat(optional.get("Deployment/shop-chatpass").at("/spec/template/spec/containers/0/env").toString())
                .contains("-Xmx160m").doesNotContain("MIGRATEONSTART");

        // The chart's configuration, with its secret files made up, passes the validation a start runs, with the pods'
        // environment (migrations left to the Job).
        String yml = docs.get("ConfigMap/shop-chatpass-config").at("/data/chatpass.yml").asText();
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Process keys = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar(), "keys", "generate").start();
        Files.writeString(secrets.resolve("keyset.json"), new String(keys.getInputStream().readAllBytes()).lines().toList().get(2));
        Files.writeString(secrets.resolve("login-secret"), "a-login-secret-of-at-least-32-bytes-0000");
        Files.writeString(secrets.resolve("postgres-password"), "pw");
        Files.writeString(secrets.resolve("admin-ops.sha256"), HexFormat.of().formatHex(new byte[32]) + "\n");
        Path config = dir.resolve("chatpass.yml");
        Files.writeString(config, yml.replace("/etc/chatpass/secrets", secrets.toString()));
        ProcessBuilder check = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar(), "check-config",
                "--config", config.toString()).redirectErrorStream(true);
        env.forEach((k, v) -> { if (k.startsWith("CHATPASS_")) check.environment().put(k, v); });
        Process p = check.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    static String jar() {
        return DEPLOY.resolve("../server/target/chatpass-server.jar").normalize().toString();
    }
}

package io.chatpass.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image tar built by Jib: its configuration (non-root user, entrypoint, ports), then its layers unpacked into
 * a root folder and the server run from them with chroot as user 10001, so the image's own runtime and libraries are
 * what serve (no container engine on this machine).
 */
class ImageIT {
    static final ObjectMapper JSON = new ObjectMapper();

    static void tar(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tar"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    static JsonNode blob(Path oci, String digest) throws Exception {
        return JSON.readTree(oci.resolve("blobs/sha256/" + digest.substring("sha256:".length())).toFile());
    }

    @Test
    void theImageRunsAsANonRootUserFromItsOwnRuntime(@TempDir Path dir) throws Exception {
        Path oci = Files.createDirectories(dir.resolve("oci"));
        tar(oci, "xf", System.getProperty("chatpass.image"));
        JsonNode manifest = blob(oci, JSON.readTree(oci.resolve("index.json").toFile()).get("manifests").get(0).get("digest").asText());
        JsonNode config = blob(oci, manifest.get("config").get("digest").asText()).get("config");
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(config.get("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
        // The launcher's memory defaults: serial collector, two malloc arenas, the C heap trimmed (JDK 22+ runtimes).
        assertThat(config.get("Entrypoint").toString()).contains("\"-XX:+UseSerialGC\"").doesNotContain("ParallelGC")
                .contains("\"-XX:NewRatio=1\"").contains("\"-XX:SurvivorRatio=4\"");
        if (Runtime.version().feature() >= 22) assertThat(config.get("Entrypoint").toString()).contains("\"-XX:TrimNativeHeapInterval=2000\"");
        assertThat(config.get("Env").toString()).contains("\"MALLOC_ARENA_MAX=2\"");
        assertThat(config.get("Cmd").toString()).isEqualTo("[\"serve\",\"--config\",\"/etc/chatpass/chatpass.yml\"]");
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();

        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip());
        if (!root) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("CI=true and ImageIT needs root for chroot");
            System.err.println("SKIPPED LOUDLY: running the image's files needs root (chroot)");
        }
        assumeTrue(root, "not root");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        for (JsonNode layer : manifest.get("layers")) {
            tar(rootfs, "--same-owner", "--warning=no-unknown-keyword", "-xzf", oci.resolve("blobs/sha256/" + layer.get("digest").asText().substring(7)).toString());
        }
        assertThat(Files.readAttributes(rootfs.resolve("var/lib/chatpass"), PosixFileAttributes.class).owner().getName())
                .isIn("10001", "chatpass");
        // A container runtime mounts /proc (the JVM finds its own files through it); so does this test.
        Path proc = Files.createDirectories(rootfs.resolve("proc"));
        assertThat(new ProcessBuilder("mount", "-t", "proc", "proc", proc.toString()).inheritIO().start().waitFor()).isZero();
        try {
            runServer(dir, rootfs, config);
        } finally {
            new ProcessBuilder("umount", proc.toString()).inheritIO().start().waitFor();
        }
    }

    private static void runServer(Path dir, Path rootfs, JsonNode config) throws Exception {
        String keyset;
        try (InputStream in = new ProcessBuilder("chroot", "--userspec=10001:10001", rootfs.toString(), "/opt/java/bin/java",
                "-jar", "/app/chatpass-server.jar", "keys", "generate").start().getInputStream()) {
            keyset = new String(in.readAllBytes()).lines().toList().get(2);
        }
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(rootfs.resolve("etc/chatpass/keyset.json"), keyset);
        Files.writeString(rootfs.resolve("etc/chatpass/chatpass.yml"), """
                server: {host: 127.0.0.1, port: %d}
                store:
                  sqlitePath: /var/lib/chatpass/chatpass.db
                  encryptionKeyset: ${file:keyset.json}
                """.formatted(port));
        List<String> run = new ArrayList<>(List.of("chroot", "--userspec=10001:10001", rootfs.toString()));
        config.get("Entrypoint").forEach(n -> run.add(n.asText()));
        config.get("Cmd").forEach(n -> run.add(n.asText()));
        ProcessBuilder serve = new ProcessBuilder(run).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        serve.environment().put("JAVA_TOOL_OPTIONS", "-Xmx123m"); // how the Helm chart sets the heap
        Process server = serve.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && server.isAlive() && status != 200) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    Thread.sleep(200);
                }
            }
            assertThat(status).as(Files.readString(dir.resolve("server.log"))).isEqualTo(200);
            assertThat(Files.readString(dir.resolve("server.log"))).as("the image's JVM honours JAVA_TOOL_OPTIONS")
                    .contains("Picked up JAVA_TOOL_OPTIONS: -Xmx123m");
            Process health = new ProcessBuilder("chroot", "--userspec=10001:10001", rootfs.toString(), "/opt/java/bin/java", "-jar",
                    "/app/chatpass-server.jar", "health", "--url", "http://127.0.0.1:" + port + "/health/ready").start();
            assertThat(health.waitFor()).as("the image's health check command").isZero();
        } finally {
            server.destroy();
            server.waitFor();
        }
        assertThat(Files.readAttributes(rootfs.resolve("var/lib/chatpass/chatpass.db"), PosixFileAttributes.class).owner().getName())
                .as("the store was written by the unprivileged user").isIn("10001", "chatpass");
    }
}

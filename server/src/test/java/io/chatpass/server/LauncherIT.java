package io.chatpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./chatpass launcher as a user runs it: the heap limit it gives the server, and CHATPASS_HEAP. */
class LauncherIT {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    static String javaCommandLine(Path config, int port, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("chatpass").toString(), "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CHATPASS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                assertThat(p.isAlive()).as("launcher exited:\n%s", Files.readString(log)).isTrue();
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
                } catch (java.io.IOException notYet) {
                    // still starting (the first start after a build trains the class-data archive first)
                }
                assertThat(System.nanoTime()).as("ready within 120 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            // The launcher execs java: the process it started is the server itself.
            return String.join(" ", p.info().arguments().orElseThrow());
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void theServerGetsA96MiBHeapTheParallelCollectorAndATrimmedCHeapUnlessToldOtherwise(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path config = TestServer.writeConfig(dir, port, "");
        String defaults = javaCommandLine(config, port, Map.of(), dir.resolve("default.log"));
        assertThat(defaults).contains("-Xmx96m").contains("-XX:+UseParallelGC")
                .contains("-XX:-UseAdaptiveSizePolicy").contains("-XX:NewRatio=1").contains("-XX:SurvivorRatio=4");
        // The launcher picks this JDK too (JAVA_HOME): from 22 on, freed C heap is handed back every 2 s.
        if (Runtime.version().feature() >= 22) assertThat(defaults).contains("-XX:TrimNativeHeapInterval=2000");
        // CHATPASS_HEAP is the launcher's: the configuration does not take it for a key (it used to refuse the start).
        assertThat(javaCommandLine(config, port, Map.of("CHATPASS_HEAP", "160m"), dir.resolve("set.log"))).contains("-Xmx160m")
                .doesNotContain("-Xmx96m");
    }
}

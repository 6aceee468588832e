package io.chatpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chatpass demo` as a process: the port from CHATPASS_SERVER_PORT, the console's address, and a second demo told where the first is. */
class DemoCommandIT {
    @TempDir
    Path dir;

    ProcessBuilder demo(int port, Path out) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("chatpass.jar"),
                "demo", "--data-dir", dir.resolve("demo").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve(out.getFileName() + ".err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CHATPASS_"));
        pb.environment().put("CHATPASS_SERVER_PORT", Integer.toString(port));
        return pb;
    }

    @Test
    void theDemoTakesItsPortFromTheEnvironmentSaysWhereTheConsoleIsAndASecondOneIsToldWhereTheFirstRuns() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("first.out");
        Process first = demo(port, out).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(out).contains("Stop with Ctrl-C") && first.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
            String banner = Files.readString(out);
            assertThat(banner).as(Files.readString(dir.resolve("first.out.err"))).contains("http://127.0.0.1:" + port + "/demo/")
                    .contains("Admin console: http://127.0.0.1:" + port + "/admin/").contains(dir.resolve("demo/secrets/admin-token").toString());
            int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/demo/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).isEqualTo(200);

            Process second = demo(port + 1 > 65535 ? port - 1 : port + 1, dir.resolve("second.out")).start();
            assertThat(second.waitFor()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("second.out.err"))).contains("a demo is already running at http://127.0.0.1:" + port + "/demo/");
        } finally {
            first.destroy();
            first.waitFor();
        }
    }
}

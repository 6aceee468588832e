package io.chatpass.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** server.managementPort moves /metrics and /openapi.yaml off the public port; health answers on both. */
class ManagementPortIT {
    @Test
    void metricsAndOpenApiOnlyOnTheManagementPort(@TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start(dir, "", Map.of("CHATPASS_SERVER_MANAGEMENTPORT", "0"))) {
            int mgmt = s.app().managementPort();
            assertThat(mgmt).isPositive().isNotEqualTo(s.app().port());
            assertThat(s.get("/metrics").statusCode()).isEqualTo(404);
            assertThat(s.get("/openapi.yaml").statusCode()).isEqualTo(404);
            assertThat(s.get("/health/ready").statusCode()).isEqualTo(200);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).startsWith("openapi:");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/v1/me")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("nothing else there").isEqualTo(404);
        }
        try (TestServer s = TestServer.start(dir.resolve("..").resolve(dir.getFileName()), "", Map.of())) {
            assertThat(s.app().managementPort()).isEqualTo(-1);
            assertThat(s.get("/metrics").statusCode()).as("without it, on the main port as before").isEqualTo(200);
        }
    }
}

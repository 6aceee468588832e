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

/** server.managementPort moves /metrics, /openapi.yaml, the admin API and the console off the public port; health answers on both. */
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
            // the admin surface: on the management port only
            HttpResponse<String> publicAdmin = s.send(s.request("/admin/v1/users").header("Authorization", "Bearer " + TestServer.ALICE_TOKEN));
            assertThat(publicAdmin.statusCode()).as("the admin API is not on the public port").isEqualTo(404);
            assertThat(s.get("/admin/login").statusCode()).as("nor the console").isEqualTo(404);
            HttpResponse<String> admin = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/admin/v1/users"))
                    .header("Authorization", "Bearer " + TestServer.ALICE_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
            assertThat(admin.headers().firstValue("Cache-Control")).hasValue("no-store");
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/admin/v1/users"))
                    .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/admin/login")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("Operator token");
        }
        try (TestServer s = TestServer.start(dir.resolve("..").resolve(dir.getFileName()), "", Map.of())) {
            assertThat(s.app().managementPort()).isEqualTo(-1);
            assertThat(s.get("/metrics").statusCode()).as("without it, on the main port as before").isEqualTo(200);
        }
    }
}

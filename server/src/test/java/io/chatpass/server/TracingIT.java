package io.chatpass.server;

import io.chatpass.server.support.Logins;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.core.upstream.Telemetry;
import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.support.TestServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces: a span per request on either request path, named by route, a child of the caller's traceparent; a client
 * span per upstream call, its child, with traceparent sent on; nothing of the user on any span; trace ids in the log;
 * and the OTEL_* variables switching export on in a real server process.
 */
class TracingIT {
    static final String LOGIN_SECRET = "login-secret-for-tracing-tests-0000000000";

    @TempDir
    Path dir;

    public static String login(String sub) {
        return Logins.verified(LOGIN_SECRET, sub);
    }

    public static String yaml(String livechat) {
        return """
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: %s, projectId: p1}
                zendesk:
                  chat: {secret: zendesk-chat-shared-secret-0123456789abcdef}
                livechat:
                  accountsBaseUrl: %s
                  clientId: client-1
                  organizationId: org-1
                  redirectUri: https://shop.example.com/
                """.formatted(LOGIN_SECRET, livechat);
    }

    @Test
    void aRequestAndItsUpstreamCallAreOneTraceContinuingTheCallers() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        Telemetry.install(sdk);
        try (AccountsStandIn livechat = new AccountsStandIn(); TestServer s = TestServer.start(dir, yaml(livechat.baseUrl()))) {
            String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
            var r = s.send(s.request("/v1/livechat/token").header("Content-Type", "application/json")
                    .header("Cookie", "token=" + login("traced-user-42")).header("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(s.get("/admin/v1/users").statusCode()).isEqualTo(401); // a Javalin route, traced too
            assertThat(s.send(s.request("/v1/zendesk/chat/jwt").header("Cookie", "token=" + login("traced-user-43"))).statusCode())
                    .isEqualTo(200);

            List<SpanData> all = waitForSpans(spans, 4);
            SpanData server = all.stream().filter(d -> d.getName().equals("POST /v1/livechat/token")).findFirst().orElseThrow();
            assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(server.getTraceId()).as("continues the caller's trace").isEqualTo(callerTrace);
            assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            SpanData upstream = all.stream().filter(d -> d.getName().equals("livechat POST")).findFirst().orElseThrow();
            assertThat(upstream.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(upstream.getTraceId()).isEqualTo(callerTrace);
            assertThat(upstream.getParentSpanId()).as("a child of the request's span").isEqualTo(server.getSpanId());
            assertThat(livechat.traceparents).singleElement().asString()
                    .isEqualTo("00-" + callerTrace + "-" + upstream.getSpanId() + "-01");
            assertThat(all).extracting(SpanData::getName).contains("GET /v1/zendesk/chat/jwt")
                    .as("refused by the admin guard before routing: named by the guard's route").contains("GET /admin/<rest>");
            for (SpanData d : all) {
                assertThat(d.getAttributes().toString()).as(d.getName() + ": nothing of the user").doesNotContain("traced-user")
                        .doesNotContain("@example.com");
            }
        } finally {
            Telemetry.install(OpenTelemetry.noop());
            sdk.close();
        }
    }

    static List<SpanData> waitForSpans(InMemorySpanExporter spans, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (spans.getFinishedSpanItems().size() < n && System.nanoTime() < deadline) Thread.sleep(20);
        return spans.getFinishedSpanItems();
    }

    @Test
    void theOtelVariablesTurnExportOnAndPutTraceIdsInTheLog() throws Exception {
        AtomicInteger exports = new AtomicInteger();
        var collector = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", ex -> {
            ex.getRequestBody().readAllBytes();
            exports.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        collector.start();
        try {
            int port = ServerProcess.freePort();
            Path config = TestServer.writeConfig(dir, port, yaml("https://accounts.livechat.com"));
            Path log = dir.resolve("server.log");
            try (ServerProcess p = ServerProcess.start(config, port, log, Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_BSP_SCHEDULE_DELAY", "100"))) {
                var http = java.net.http.HttpClient.newHttpClient();
                var r = http.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/zendesk/chat/jwt"))
                        .header("Cookie", "token=" + login("u1")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (exports.get() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
                assertThat(exports.get()).as("spans exported to the OTLP endpoint").isPositive();
            }
            assertThat(Files.readString(log)).as("the access log line names the trace").containsPattern("trace=[0-9a-f]{32}\\] chatpass.access");
        } finally {
            collector.stop(0);
        }
    }
}

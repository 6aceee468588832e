package io.chatpass.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.IpRanges;
import io.chatpass.server.limits.RateLimits;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Where a route runs: a route registered without waiting on the thread of Jetty's that read the request (no hand-off),
 * only while the web layer allows it; every other route is handed to a virtual thread of its own. A real Jetty on
 * loopback.
 */
class IoThreadRoutesIT {
    

    private static Exchange.Handler whereAmI() {
        return x -> x.json(Map.of("virtual", Thread.currentThread().isVirtual(), "thread", Thread.currentThread().getName()));
    }

    private static String get(int port, String path) throws Exception {
        // a connection per request: the server stops without waiting for a client's idle connection to close
        HttpResponse<String> r;
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** The fast path on, the access log off. */
    private static WebLayer webLayer() {
        var settings = new WebLayer.Settings("127.0.0.1", 0, 16_384, 8192, Duration.ofSeconds(1), false, IpRanges.of(List.of()), true, null);
        var registry = new SimpleMeterRegistry();
        return new WebLayer(settings, new Cors(Set.of(), null), registry,
                new RateLimits(new RateLimits.Settings(true, 1_000, 1_000, false), registry, Clock.systemUTC()), () -> { }, null);
    }

    @Test
    void routesWithoutWaitingRunOnTheIoThreadOnlyWhileAllowed() throws Exception {
        WebLayer web = webLayer();
        AtomicBoolean allowed = new AtomicBoolean(true);
        web.runOnIoThreadsWhile(allowed::get);
        Javalin app = Javalin.create(c -> {
            web.install(c);
            web.routes().getWithoutWaiting("/io", whereAmI());
            web.routes().get("/vt", whereAmI());
            c.routes.get("/javalin-only", ctx -> ctx.result("virtual=" + Thread.currentThread().isVirtual()));
        }).start();
        try {
            int port = app.port();
            assertThat(get(port, "/io")).as("on Jetty's thread that read the request: no hand-off")
                    .doesNotContain("chatpass-request-");
            assertThat(get(port, "/vt")).as("handed to a virtual thread of its own").contains("chatpass-request-").contains("\"virtual\":true");
            assertThat(get(port, "/javalin-only")).isEqualTo("virtual=true");
            allowed.set(false);
            assertThat(get(port, "/io")).as("not allowed now (the gate's queue is filling)").contains("chatpass-request-");
        } finally {
            app.stop();
        }
    }

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Exchange.Handler echo() {
        return x -> x.json(Map.of("body", x.body(), "virtual", Thread.currentThread().isVirtual(), "thread", Thread.currentThread().getName()));
    }

    @Test
    void aSmallBodyThatCameWithTheHeadersIsReadOnTheIoThread() throws Exception {
        WebLayer web = webLayer();
        web.runOnIoThreadsWhile(() -> true);
        Javalin app = Javalin.create(c -> {
            web.install(c);
            web.routes().postWithoutWaiting("/echo", echo());
        }).start();
        try {
            // headers and body in one write, as wrk and most browsers send a small body
            String body = "{\"a\":\"é\"}";
            String answer;
            try (var socket = new java.net.Socket("127.0.0.1", app.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"body\":\"{\\\"a\\\":\\\"é\\\"}\"")
                    .contains("\"virtual\"").doesNotContain("chatpass-request-");
            // one over the small-body size: the whole route on a virtual thread, the body whole
            String big = "{\"a\":\"" + "x".repeat(FastPath.SMALL_BODY_BYTES) + "\"}";
            HttpResponse<String> r = post(app.port(), "/echo", big);
            assertThat(r.body()).contains("x".repeat(FastPath.SMALL_BODY_BYTES)).contains("chatpass-request-");
        } finally {
            app.stop();
        }
    }

    @Test
    void aBodyArrivingAfterTheHeadersIsWaitedForOnAVirtualThread() throws Exception {
        WebLayer web = webLayer();
        web.runOnIoThreadsWhile(() -> true);
        Javalin app = Javalin.create(c -> {
            web.install(c);
            web.routes().postWithoutWaiting("/echo", echo());
        }).start();
        try (var socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(5_000);
            var out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n"
                    + "Connection: close\r\n\r\n{\"a\":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300); // the rest of the body comes well after the headers
            out.write("\"bc\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("{\\\"a\\\":\\\"bc\\\"}").contains("chatpass-request-");
        } finally {
            app.stop();
        }
    }

    @Test
    void whatMustWaitRunsOnAVirtualThreadWithTheRequestsIdsAndErrors() throws Exception {
        WebLayer web = webLayer();
        web.runOnIoThreadsWhile(() -> true);
        Javalin app = Javalin.create(c -> {
            web.install(c);
            web.routes().getWithoutWaiting("/later", x -> {
                String first = Thread.currentThread().getName();
                x.whenMayWait(y -> y.json(Map.of("first", first, "then", Thread.currentThread().getName(),
                        "requestId", String.valueOf(org.slf4j.MDC.get(RequestIds.MDC_KEY)))));
            });
            web.routes().getWithoutWaiting("/later-fails", x -> x.whenMayWait(y -> {
                throw new ProblemException(409, "conflict_here", "Conflict", "Refused later.");
            }));
        }).start();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/later"))
                    .header("X-Request-Id", "req-later-1").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("\"first\":\"chatpass-request-").contains("\"then\":\"chatpass-request-")
                    .contains("\"requestId\":\"req-later-1\"");
            assertThat(r.headers().firstValue("X-Request-Id")).hasValue("req-later-1");
            r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/later-fails")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.body()).contains("\"code\":\"conflict_here\"");
        } finally {
            app.stop();
        }
    }

    @Test
    void withoutPermissionEveryRouteRunsOnAVirtualThread() throws Exception {
        WebLayer web = webLayer();
        Javalin app = Javalin.create(c -> {
            web.install(c);
            web.routes().getWithoutWaiting("/io", whereAmI());
        }).start();
        try {
            assertThat(get(app.port(), "/io")).as("a login verifier that fetches keys: nothing on the I/O threads").contains("\"virtual\":true");
        } finally {
            app.stop();
        }
    }
}

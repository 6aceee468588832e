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
        var settings = new WebLayer.Settings("127.0.0.1", 0, 1024, 8192, Duration.ofSeconds(1), false, IpRanges.of(List.of()), true, null);
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

package io.chatpass.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The outbound kit against a real HTTP server on loopback: https only, a deadline, a bulkhead, one failure type. */
class UpstreamTest {
    @Test
    void aSecretTravelsOnlyOverHttpsOrToALiteralLoopbackAddress() {
        assertThat(Upstream.isSecretCarrier(URI.create("https://api.hubapi.com/x"))).isTrue();
        assertThat(Upstream.isSecretCarrier(URI.create("http://127.0.0.1:8080/x"))).isTrue();
        assertThat(Upstream.isSecretCarrier(URI.create("http://[::1]:8080/x"))).isTrue();
        for (String bad : new String[] {"http://api.hubapi.com/x", "http://localhost:8080/x", "http://127.evil.example/x", "ftp://127.0.0.1/x"}) {
            assertThat(Upstream.isSecretCarrier(URI.create(bad))).as(bad).isFalse();
        }
        assertThatThrownBy(() -> new Upstream("v", Duration.ofSeconds(1), 1).request(URI.create("http://vendor.example/x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https only");
    }

    @Test
    void aSlowVendorTimesOutAndOneCallPastTheBulkheadIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/slow", ex -> {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            URI slow = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
            Upstream up = new Upstream("vendor", Duration.ofSeconds(2), 1);
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var first = pool.submit(() -> up.send("GET", slow, up.request(slow)));
                Thread.sleep(100);
                assertThatThrownBy(() -> up.send("GET", slow, up.request(slow))).isInstanceOfSatisfying(UpstreamException.class,
                        e -> assertThat(e.vendorCode()).isEqualTo("busy"));
                // refused while the first call still holds the only slot (it waits for the vendor up to 2 s): not
                // queued behind it (a check of order, not of elapsed time, so a slow machine cannot fail it)
                assertThat(first.isDone()).as("refused at once, not queued").isFalse();
                assertThatThrownBy(first::get).hasCauseInstanceOf(UpstreamException.class).hasMessageContaining("timed out");
            }
        } finally {
            release.countDown();
            server.stop(0);
        }
    }
}

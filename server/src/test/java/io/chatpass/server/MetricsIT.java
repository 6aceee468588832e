package io.chatpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.server.support.TestServer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics beyond the routes: build, reloads, the store's pool, Jetty's threads, the breaker, upstream timings; OpenMetrics on request. */
class MetricsIT {
    @TempDir
    Path dir;

    @Test
    void theServersOwnStateIsMeasuredAndOpenMetricsIsServedToWhoAsks() throws Exception {
        try (AccountsStandIn livechat = new AccountsStandIn(); TestServer s = TestServer.start(dir, TracingIT.yaml(livechat.baseUrl()))) {
            var r = s.send(s.request("/v1/livechat/token").header("Content-Type", "application/json")
                    .header("Cookie", "token=" + TracingIT.login("m1")).POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.statusCode()).isEqualTo(200);
            s.app().reload(s.app().config());
            String text = s.get("/metrics").body();
            assertThat(text).contains("chatpass_build_info{java=\"").contains("chatpass_store_connections{state=\"active\"}")
                    .contains("chatpass_store_connections_pending").contains("chatpass_jetty_threads ").contains("chatpass_jetty_threads_idle")
                    .contains("chatpass_sightings_pending ").contains("chatpass_fastpath_handed_off_total 0.0")
                    .contains("chatpass_upstream_breaker_open{vendor=\"livechat\"} 0.0")
                    .contains("chatpass_upstream_duration_seconds_count{outcome=\"200\",vendor=\"livechat\"} 1")
                    .contains("chatpass_config_reloads_total{outcome=\"applied\"} 1.0")
                    .contains("chatpass_config_reloads_total{outcome=\"refused\"} 0.0");
            var open = s.send(s.request("/metrics").header("Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5"));
            assertThat(open.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
            assertThat(open.body().strip()).endsWith("# EOF");
            assertThat(s.get("/metrics").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        }
    }
}

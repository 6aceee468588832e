package io.chatpass.server.livechat;

import static io.chatpass.server.livechat.LiveChatFixtures.login;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveChatRoutesIT {
    @TempDir
    static Path dir;
    static AccountsStandIn upstream;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        upstream = new AccountsStandIn();
        server = TestServer.start(dir, LiveChatFixtures.yaml(upstream.baseUrl()));
    }

    @AfterAll
    static void stop() {
        server.close();
        upstream.close();
    }

    HttpResponse<String> post(String path, String user) {
        var r = server.request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString("{}"));
        if (user != null) r.header("Cookie", "token=" + login(user));
        return server.send(r);
    }

    JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void tokenObjectIsWhatTheWidgetExpects() throws Exception {
        HttpResponse<String> r = post("/v1/livechat/token", "ann");
        JsonNode t = json(r, 200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(t.get("accessToken").asText()).startsWith("dal:");
        assertThat(t.get("expiresIn").asLong()).isEqualTo(28_800_000L);
        assertThat(t.get("creationDate").asLong()).isGreaterThan(1_700_000_000_000L);
        assertThat(t.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(t.get("organizationId").asText()).isEqualTo("org-1");
        assertThat(t.has("licenseId")).isFalse();
        assertThat(r.body()).doesNotContain(upstream.secrets.get(t.get("entityId").asText())).doesNotContain("__lc_cst");
    }

    @Test
    void freshTokensOnDemandCannotFloodLiveChat(@TempDir Path other) throws Exception {
        try (AccountsStandIn lc = new AccountsStandIn();
             TestServer s = TestServer.start(other, LiveChatFixtures.reusingYaml(lc.baseUrl()))) {
            java.util.function.Supplier<HttpResponse<String>> fresh = () -> s.send(s.request("/v1/livechat/token/fresh")
                    .header("Content-Type", "application/json").header("Cookie", "token=" + login("flooder"))
                    .POST(BodyPublishers.ofString("{}")));
            List<Integer> codes = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(30)) {
                var latch = new java.util.concurrent.CountDownLatch(1);
                var all = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int i = 0; i < 30; i++) all.add(pool.submit(() -> {
                    latch.await();
                    return fresh.get().statusCode();
                }));
                latch.countDown();
                for (var f : all) codes.add(f.get());
            }
            assertThat(codes).as("30 at once share one call").containsOnly(200);
            assertThat(lc.calls.get()).isEqualTo(1);
            for (int i = 0; i < 10; i++) assertThat(fresh.get().statusCode()).isEqualTo(200);
            assertThat(lc.calls.get()).as("and so do the next ones within the reuse window").isEqualTo(1);
        }
    }

    @Test
    void oneUserCausesAtMostTheirLiveChatCallsPerMinuteThen429(@TempDir Path other) throws Exception {
        try (AccountsStandIn lc = new AccountsStandIn();
             TestServer s = TestServer.start(other, LiveChatFixtures.yaml(lc.baseUrl()) + "  userCallsPerMinute: 3\n")) {
            List<Integer> codes = new java.util.ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 10; i++) {
                last = s.send(s.request("/v1/livechat/token/fresh").header("Content-Type", "application/json")
                        .header("Cookie", "token=" + login("greedy")).POST(BodyPublishers.ofString("{}")));
                codes.add(last.statusCode());
            }
            assertThat(codes).containsExactly(200, 200, 200, 429, 429, 429, 429, 429, 429, 429);
            assertThat(lc.calls.get()).isEqualTo(3);
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
            assertThat(last.body()).contains("\"code\":\"rate_limited\"");
            assertThat(post(s, "/v1/livechat/token", "greedy").statusCode()).as("the cached token is still served").isEqualTo(200);
            assertThat(post(s, "/v1/livechat/token/fresh", "someone-else").statusCode()).isEqualTo(200);
        }
    }

    static HttpResponse<String> post(TestServer s, String path, String user) {
        return s.send(s.request(path).header("Content-Type", "application/json").header("Cookie", "token=" + login(user))
                .POST(BodyPublishers.ofString("{}")));
    }

    @Test
    void sameUserSameCustomerOnEveryDevice() throws Exception {
        JsonNode phone = json(post("/v1/livechat/token/fresh", "bo"), 200);
        JsonNode laptop = json(post("/v1/livechat/token/fresh", "bo"), 200);
        JsonNode other = json(post("/v1/livechat/token", "cy"), 200);
        assertThat(laptop.get("entityId").asText()).isEqualTo(phone.get("entityId").asText());
        assertThat(laptop.get("accessToken").asText()).isNotEqualTo(phone.get("accessToken").asText());
        assertThat(other.get("entityId").asText()).isNotEqualTo(phone.get("entityId").asText());
    }

    @Test
    void identityAndInvalidate() throws Exception {
        var cookie = "token=" + login("dee");
        JsonNode none = json(server.send(server.request("/v1/livechat/identity").header("Cookie", cookie)), 200);
        assertThat(none.get("hasIdentity").asBoolean()).isFalse();
        JsonNode t = json(post("/v1/livechat/token", "dee"), 200);
        JsonNode has = json(server.send(server.request("/v1/livechat/identity").header("Cookie", cookie)), 200);
        assertThat(has.get("entityId").asText()).isEqualTo(t.get("entityId").asText());
        assertThat(has.get("tokenCached").asBoolean()).isTrue();
        assertThat(post("/v1/livechat/token/invalidate", "dee").statusCode()).isEqualTo(204);
        JsonNode after = json(server.send(server.request("/v1/livechat/identity").header("Cookie", cookie)), 200);
        assertThat(after.get("hasIdentity").asBoolean()).isTrue();
        assertThat(after.get("tokenCached").asBoolean()).isFalse();
        assertThat(json(post("/v1/livechat/token", "dee"), 200).get("entityId").asText()).isEqualTo(t.get("entityId").asText());
    }

    @Test
    void stateChangesNeedJsonAndALogin() throws Exception {
        var form = server.send(server.request("/v1/livechat/token/fresh").header("Cookie", "token=" + login("eve"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString("a=b")));
        assertThat(json(form, 415).get("code").asText()).isEqualTo("unsupported_media_type");
        var get = server.send(server.request("/v1/livechat/token").header("Cookie", "token=" + login("eve")));
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(json(post("/v1/livechat/token", null), 401).get("code").asText()).isEqualTo("login_token_missing");
    }

    @Test
    void aRepeatedGetTokenIsAnsweredFromTheRowHeldInMemory() throws Exception {
        JsonNode first = json(post("/v1/livechat/token", "gus"), 200); // creates the customer
        double before = heldHits();
        JsonNode second = json(post("/v1/livechat/token", "gus"), 200); // read from the store, then held
        JsonNode third = json(post("/v1/livechat/token", "gus"), 200);
        assertThat(second.get("accessToken").asText()).isEqualTo(first.get("accessToken").asText());
        assertThat(third.get("accessToken").asText()).as("the same token, opened from the held row").isEqualTo(first.get("accessToken").asText());
        assertThat(third.get("entityId").asText()).isEqualTo(first.get("entityId").asText());
        assertThat(heldHits() - before).as("only the third came from memory").isEqualTo(1.0);
    }

    private double heldHits() throws Exception {
        return server.get("/metrics").body().lines().filter(l -> l.startsWith("chatpass_livechat_held_hits_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void upstreamFailuresBecomeProblems() throws Exception {
        json(post("/v1/livechat/token", "fay"), 200);
        json(post("/v1/livechat/token", "fay"), 200); // served from the store: a cache hit
        upstream.faults.add(AccountsStandIn.Fault.ACCESS_DENIED);
        JsonNode denied = json(post("/v1/livechat/token/fresh", "fay"), 502);
        assertThat(denied.get("code").asText()).isEqualTo("upstream_rejected");
        assertThat(denied.get("vendorFamily").asText()).isEqualTo("identity_exception");
        assertThat(denied.get("vendorCode").asText()).isEqualTo("access_denied");
        assertThat(denied.get("detail").asText()).contains("access_denied");
        for (int i = 0; i < 4; i++) upstream.faults.add(AccountsStandIn.Fault.SERVER_ERROR);
        HttpResponse<String> r = post("/v1/livechat/token/fresh", "fay");
        assertThat(json(r, 503).get("code").asText()).isEqualTo("upstream_unavailable");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        upstream.faults.clear();
        assertThat(server.get("/metrics").body()).contains("chatpass_livechat_upstream_calls_total{outcome=\"transient\"}")
                .contains("chatpass_livechat_identities_total{event=\"created\"}").contains("chatpass_livechat_cache_hits_total");
    }
}

package io.chatpass.server;

import io.chatpass.server.support.Logins;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.core.store.PostgresServer;
import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server under the conditions real operation brings: a slow vendor, a database that goes away and comes back. */
class ResilienceIT {
    static final String SECRET = "login-secret-for-resilience-tests-0000000";
    static final String CHAT_SECRET = "zendesk-chat-secret-for-resilience-000000";
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    static String login(String user) {
        return Logins.of(SECRET, user).email(user + "@example.com").expiresIn(900).token();
    }

    HttpResponse<String> call(URI base, String path, String user, boolean post) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + login(user));
        if (post) b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String config(String livechatBase) {
        return """
                login:
                  verifiers: [{name: x, preset: xsolla, secret: %s, projectId: p1}]
                zendesk: {chat: {secret: %s}}
                livechat: {accountsBaseUrl: "%s", clientId: c, organizationId: o, redirectUri: "https://shop.example.com/"}
                """.formatted(SECRET, CHAT_SECRET, livechatBase);
    }

    static long p99(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1_000_000;
    }

    @Test
    void aSlowLiveChatCostsCachedUsersNothingAndNobodyA500(@TempDir Path dir) throws Exception {
        try (AccountsStandIn upstream = new AccountsStandIn();
             TestServer server = TestServer.start(dir, config(upstream.baseUrl()))) {
            URI base = server.uri("/");
            for (int i = 0; i < 10; i++) assertThat(call(base, "/v1/livechat/token", "cached-" + i, true).statusCode()).isEqualTo(200);

            upstream.delayMillis = 2_500; // LiveChat now answers in 2.5 s
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<HttpResponse<String>>> newUsers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String user = "new-" + i;
                newUsers.add(pool.submit(() -> call(base, "/v1/livechat/token", user, true)));
            }
            Thread.sleep(300); // the first-time users are all waiting on LiveChat now
            List<Long> cached = new CopyOnWriteArrayList<>();
            List<Long> minting = new CopyOnWriteArrayList<>();
            List<Future<?>> probes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String user = "cached-" + i;
                probes.add(pool.submit(() -> {
                    for (int k = 0; k < 10; k++) {
                        long t0 = System.nanoTime();
                        assertThat(call(base, "/v1/livechat/token", user, true).statusCode()).isEqualTo(200);
                        cached.add(System.nanoTime() - t0);
                        t0 = System.nanoTime();
                        assertThat(call(base, "/v1/zendesk/chat/jwt", user, false).statusCode()).isEqualTo(200);
                        minting.add(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : probes) f.get();
            int ok = 0;
            int refused = 0;
            for (Future<HttpResponse<String>> f : newUsers) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
                if (r.statusCode() == 503) {
                    refused++;
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    assertThat(Json.MAPPER.readTree(r.body()).get("code").asText()).isEqualTo("upstream_unavailable");
                } else {
                    ok++;
                }
            }
            System.out.printf("slow LiveChat: new users 200=%d 503=%d; cached getToken p99 %d ms, minting p99 %d ms%n",
                    ok, refused, p99(cached), p99(minting));
            assertThat(ok).as("new users served while the bulkhead had room").isGreaterThan(0);
            assertThat(p99(cached)).as("cached users' p99 in ms").isLessThan(100);
            assertThat(p99(minting)).as("Zendesk minting p99 in ms").isLessThan(100);
        }
    }

    @Test
    void aDatabaseOutageIs503WithRetryAfterReadinessFallsAtOnceAndAllRecovers(@TempDir Path dir) throws Exception {
        try (PostgresServer pg = new PostgresServer(dir.resolve("pgdata"), ServerProcess.freePort());
             AccountsStandIn upstream = new AccountsStandIn()) {
            Path cfg = TestServer.writeConfig(dir, 0, "");
            Files.writeString(cfg, Files.readString(cfg).replaceAll("  sqlitePath: .*\\n", "  jdbcUrl: \"" + pg.jdbcUrl()
                    + "\"\n  username: postgres\n") + config(upstream.baseUrl()));
            try (TestServer server = TestServer.start(new io.chatpass.server.config.ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(cfg))) {
                URI base = server.uri("/");
                AtomicBoolean stop = new AtomicBoolean();
                Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
                Set<String> acceptedUsers = ConcurrentHashMap.newKeySet();
                List<String> bad = new CopyOnWriteArrayList<>();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
                List<Future<?>> load = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    load.add(pool.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String user = "u" + thread + "-" + i; // a new user every time: each needs a store write
                            HttpResponse<String> r = call(base, i % 2 == 0 ? "/v1/zendesk/chat/jwt" : "/v1/livechat/token", user, i % 2 == 1);
                            statuses.merge(r.statusCode(), 1, Integer::sum);
                            if (r.statusCode() == 200) {
                                if (i % 2 == 1) acceptedUsers.add(user); // a LiveChat customer was acknowledged
                            } else if (r.statusCode() != 503 || r.headers().firstValue("Retry-After").isEmpty()) bad.add(r.statusCode() + " " + r.body());
                            else if (!r.body().contains("store_unavailable") && !r.body().contains("upstream_unavailable")) bad.add(r.body());
                        }
                        return null;
                    }));
                }
                Thread.sleep(1_000);
                pg.stop();
                long outage = System.nanoTime();
                // Readiness answers at once, and says not ready, while the database is down.
                boolean sawNotReady = false;
                long worstReadyMillis = 0;
                while (System.nanoTime() - outage < 4_000_000_000L) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    worstReadyMillis = Math.max(worstReadyMillis, (System.nanoTime() - t0) / 1_000_000);
                    if (ready.statusCode() == 503) sawNotReady = true;
                    Thread.sleep(100);
                }
                assertThat(sawNotReady).isTrue();
                assertThat(worstReadyMillis).as("slowest /health/ready during the outage, ms").isLessThan(1_000);
                assertThat(statuses.getOrDefault(503, 0)).as("answers during the outage").isGreaterThan(0);

                pg.start();
                long back = System.nanoTime();
                while (true) {
                    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) break;
                    assertThat(System.nanoTime() - back).as("ready again within 20 s").isLessThan(20_000_000_000L);
                    Thread.sleep(100);
                }
                int okBefore = statuses.getOrDefault(200, 0);
                Thread.sleep(1_500);
                stop.set(true);
                for (Future<?> f : load) f.get();
                System.out.printf("database outage: statuses %s; ready again after %d ms%n", statuses, (System.nanoTime() - back) / 1_000_000);
                assertThat(bad).as("answers other than 200 or 503 with Retry-After").isEmpty();
                assertThat(statuses.keySet()).doesNotContain(500);
                assertThat(statuses.getOrDefault(200, 0)).as("served again after recovery").isGreaterThan(okBefore);
                // Nothing acknowledged was lost: every user whose LiveChat token answered 200 has their customer stored.
                assertThat(acceptedUsers).isNotEmpty();
                try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), "postgres", null);
                     var ps = c.prepareStatement("SELECT COUNT(*) FROM livechat_identities WHERE site_user_id = ?")) {
                    for (String u : acceptedUsers) {
                        ps.setString(1, u);
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            assertThat(rs.getInt(1)).as("user %s answered 200 but is not stored", u).isEqualTo(1);
                        }
                    }
                }
            }
        }
    }
}

package io.chatpass.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.login.MutableClock;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.limits.RateLimits;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who can still act on the admin surface: sessions end with their operator and after an absolute lifetime, guessing
 * is throttled exactly (console and API), the admin surface answers no CORS, and the configuration views name
 * operators without their token hashes.
 */
class AdminTrustIT {
    @TempDir
    Path dir;

    static final String BOB_LINE = "    - {name: bob, sha256: " + HexFormat.of().formatHex(AdminGuard.sha256(TestServer.BOB_TOKEN)) + "}\n";

    /** The test config with its admin section edited; the same store (SQLite file) each time. */
    Path config(java.util.function.UnaryOperator<String> edit) throws Exception {
        Path file = TestServer.writeConfig(dir, 0, "");
        String text = Files.readString(file);
        assertThat(text).contains(BOB_LINE);
        Files.writeString(file, edit.apply(text));
        return file;
    }

    static String signIn(TestServer s, String token) {
        HttpResponse<String> r = s.send(s.request("/admin/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    static HttpResponse<String> page(TestServer s, String cookie) {
        return s.send(s.request("/admin/users").header("Cookie", cookie));
    }

    static boolean signedIn(HttpResponse<String> r) {
        return r.statusCode() == 200 && r.body().contains("id=operator");
    }

    @Test
    void aSessionEndsWhenItsOperatorIsRemovedOrTheirTokenReplaced() throws Exception {
        String bobs;
        String alices;
        try (TestServer s = TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config(t -> t)))) {
            bobs = signIn(s, TestServer.BOB_TOKEN);
            alices = signIn(s, TestServer.ALICE_TOKEN);
            assertThat(signedIn(page(s, bobs))).isTrue();
        }
        try (TestServer s = TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config(t -> t.replace(BOB_LINE, ""))))) {
            HttpResponse<String> removed = page(s, bobs);
            assertThat(signedIn(removed)).as("bob was removed from admin.tokens").isFalse();
            assertThat(removed.statusCode()).isEqualTo(302);
            assertThat(removed.headers().firstValue("Location")).hasValue("/admin/login");
            assertThat(s.send(s.request("/admin/user/block").header("Cookie", bobs)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("id=victim&csrf=x"))).statusCode()).isEqualTo(403);
            assertThat(signedIn(page(s, alices))).as("alice is still configured").isTrue();
        }
        String replaced = HexFormat.of().formatHex(AdminGuard.sha256("a-new-token-for-alice-0123456789"));
        try (TestServer s = TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config(t -> t.replace(
                HexFormat.of().formatHex(AdminGuard.sha256(TestServer.ALICE_TOKEN)), replaced))))) {
            assertThat(signedIn(page(s, alices))).as("alice's token was replaced").isFalse();
            assertThat(signedIn(page(s, alices))).as("and the session is gone for good").isFalse();
        }
    }

    @Test
    void aSessionEndsAfterItsAbsoluteLifetimeHoweverBusy() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestServer s = TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config(t -> t.replace("admin:\n",
                "admin:\n  sessionMaxHours: 2\n"))), clock)) {
            String cookie = signIn(s, TestServer.ALICE_TOKEN);
            for (int i = 0; i < 5; i++) { // used every 20 minutes: never idle
                clock.advance(Duration.ofMinutes(20));
                assertThat(signedIn(page(s, cookie))).as("after " + (i + 1) * 20 + " minutes").isTrue();
            }
            clock.advance(Duration.ofMinutes(20));
            assertThat(signedIn(page(s, cookie))).as("two hours after signing in").isFalse();
        }
    }

    static List<Integer> burst(int n, java.util.concurrent.Callable<Integer> call) throws Exception {
        try (var pool = Executors.newFixedThreadPool(n)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) all.add(pool.submit(() -> {
                go.await();
                return call.call();
            }));
            go.countDown();
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : all) out.add(f.get());
            return out;
        }
    }

    @Test
    void aParallelBurstOfWrongSignInsGetsExactlyTheAllowanceCompared() throws Exception {
        try (TestServer s = TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config(t -> t)))) {
            List<Integer> codes = burst(30, () -> s.send(s.request("/admin/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=guess-" + System.nanoTime()))).statusCode());
            assertThat(codes.stream().filter(c -> c == 401).count()).isEqualTo(RateLimits.FAILED_ADMIN_ATTEMPTS_PER_MINUTE);
            assertThat(codes.stream().filter(c -> c == 429).count()).isEqualTo(30 - RateLimits.FAILED_ADMIN_ATTEMPTS_PER_MINUTE);
        }
    }

    @Test
    void theAdminApiThrottlesWrongTokensPerAddressExactlyAndShareTheConsolesAllowance() throws Exception {
        try (TestServer s = TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config(t -> t)))) {
            // right tokens cost nothing: an operator's script is not throttled by this
            for (int i = 0; i < 3 * RateLimits.FAILED_ADMIN_ATTEMPTS_PER_MINUTE; i++) {
                assertThat(s.send(s.request("/admin/v1/users").header("Authorization", "Bearer " + TestServer.ALICE_TOKEN))
                        .statusCode()).isEqualTo(200);
            }
            // a console guess and API guesses share one allowance
            assertThat(s.send(s.request("/admin/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=console-guess"))).statusCode()).isEqualTo(401);
            List<Integer> codes = burst(30, () -> s.send(s.request("/admin/v1/users")
                    .header("Authorization", "Bearer guess-" + System.nanoTime())).statusCode());
            assertThat(codes.stream().filter(c -> c == 401).count()).isEqualTo(RateLimits.FAILED_ADMIN_ATTEMPTS_PER_MINUTE - 1);
            assertThat(codes.stream().filter(c -> c == 429).count()).isEqualTo(30 - RateLimits.FAILED_ADMIN_ATTEMPTS_PER_MINUTE + 1);
            HttpResponse<String> none = s.get("/admin/v1/users");
            assertThat(none.statusCode()).as("no token at all is a guess too").isEqualTo(429);
            assertThat(none.headers().firstValue("Retry-After")).isPresent();
            assertThat(none.body()).contains("\"code\":\"rate_limited\"");
        }
    }

    @Test
    void theAdminSurfaceAnswersNoCorsEvenToAnAllowedOrigin() throws Exception {
        try (TestServer s = TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config(t -> t)))) {
            String origin = TestServer.ALLOWED_ORIGIN;
            HttpResponse<String> api = s.send(s.request("/admin/v1/users").header("Origin", origin)
                    .header("Authorization", "Bearer " + TestServer.ALICE_TOKEN));
            assertThat(api.statusCode()).isEqualTo(403);
            assertThat(api.body()).contains("\"code\":\"origin_not_allowed\"").doesNotContain("users\":[");
            assertThat(api.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(api.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
            HttpResponse<String> preflight = s.send(s.request("/admin/v1/users/x/export").header("Origin", origin)
                    .header("Access-Control-Request-Method", "GET").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(preflight.statusCode()).isEqualTo(403);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            String cookie = signIn(s, TestServer.ALICE_TOKEN);
            for (String path : List.of("/admin/users", "/admin/audit", "/admin/config", "/admin/login")) {
                HttpResponse<String> console = s.send(s.request(path).header("Origin", origin).header("Cookie", cookie));
                assertThat(console.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
                assertThat(console.headers().firstValue("Access-Control-Allow-Credentials")).as(path).isEmpty();
            }
            HttpResponse<String> site = s.send(s.request("/health/live").header("Origin", origin));
            assertThat(site.headers().firstValue("Access-Control-Allow-Origin")).as("the site's API keeps its CORS").hasValue(origin);
        }
    }

    @Test
    void configurationViewsNameOperatorsWithoutTheirTokenHashes() throws Exception {
        try (TestServer s = TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config(t -> t)))) {
            String alicesHash = HexFormat.of().formatHex(AdminGuard.sha256(TestServer.ALICE_TOKEN));
            String legacyHash = HexFormat.of().formatHex(AdminGuard.sha256(TestServer.ADMIN_TOKEN));
            HttpResponse<String> api = s.send(s.request("/admin/v1/config").header("Authorization", "Bearer " + TestServer.ALICE_TOKEN));
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.body()).contains("\"alice\"", "\"bob\"", "\"admin\"").doesNotContain(alicesHash).doesNotContain(legacyHash)
                    .doesNotContainIgnoringCase("sha256");
            HttpResponse<String> console = s.send(s.request("/admin/config").header("Cookie", signIn(s, TestServer.ALICE_TOKEN)));
            assertThat(console.body()).contains("alice").doesNotContain(alicesHash).doesNotContain(legacyHash);
        }
    }
}

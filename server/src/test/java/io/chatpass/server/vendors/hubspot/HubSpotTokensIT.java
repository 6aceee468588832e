package io.chatpass.server.vendors.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatpass.core.Secret;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.login.MutableClock;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.Jdbc;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.core.store.Stores;
import io.chatpass.core.upstream.UpstreamException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HubSpot visitor identification tokens against a stand-in of HubSpot's API, on SQLite and PostgreSQL. */
class HubSpotTokensIT {
    static final String APP_TOKEN = "pat-na1-stand-in-private-app-token";
    @TempDir
    Path dir;
    HubSpotStandIn hubspot;
    Database db;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final SecretBox box = SecretBox.fromKeyset(Secret.ofUtf8(SecretBox.generateKeyset()));

    static SiteUser user(String id, String email) {
        return new SiteUser(id, email, "Zoë Example", true, "site", Map.of());
    }

    HubSpotTokens start(String store, String token) throws Exception {
        hubspot = new HubSpotStandIn(APP_TOKEN);
        StoreSettings s = store.equals("sqlite") ? Stores.sqlite(dir) : Stores.postgres();
        db = Database.open(s);
        return new HubSpotTokens(HubSpotSettings.builder(Secret.ofUtf8(token)).apiRoot(URI.create(hubspot.apiRoot()))
                .callTimeout(Duration.ofMillis(800)).maxConcurrentCalls(4).build(), db.dataSource(), box, clock);
    }

    @AfterEach
    void stop() {
        if (hubspot != null) hubspot.close();
        if (db != null) db.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void tokenIsCreatedOnceCachedSealedAndRenewedAfterRefreshAfter(String store) throws Exception {
        HubSpotTokens tokens = start(store, APP_TOKEN);
        Map<String, Object> first = tokens.identify(user("u1", "Zoe@Example.com"));
        assertThat(first).containsOnlyKeys("identificationEmail", "identificationToken");
        assertThat(first.get("identificationEmail")).isEqualTo("Zoe@Example.com");
        assertThat(HubSpotStandIn.emailOf((String) first.get("identificationToken"))).isEqualTo("Zoe@Example.com");
        assertThat(hubspot.bodies.get(0)).containsEntry("email", "Zoe@Example.com").containsEntry("firstName", "Zoë Example");
        assertThat(tokens.identify(user("u1", "Zoe@Example.com"))).isEqualTo(first);
        assertThat(hubspot.calls.get()).isEqualTo(1);
        assertThat(hubspot.paths).as("HubSpot's dated path by default").containsExactly("/visitor-identification/2026-03/tokens/create");
        String stored = new Jdbc(db.dataSource()).one("SELECT token_sealed FROM hubspot_tokens WHERE site_user_id = ?",
                rs -> rs.getString(1), "u1").orElseThrow();
        assertThat(stored).doesNotContain((String) first.get("identificationToken"));

        clock.advance(Duration.ofHours(11).plusMinutes(1));
        assertThat(tokens.identify(user("u1", "Zoe@Example.com")).get("identificationToken")).isNotNull();
        assertThat(hubspot.calls.get()).as("renewed after 11 h").isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void concurrentFirstVisitsOfOneUserMakeOneCall(String store) throws Exception {
        HubSpotTokens tokens = start(store, APP_TOKEN);
        hubspot.delayMillis = 300;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Map<String, Object>>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) all.add(pool.submit((Callable<Map<String, Object>>) () -> tokens.identify(user("u2", "b@example.com"))));
            for (Future<Map<String, Object>> f : all) assertThat(f.get().get("identificationToken")).isEqualTo(all.get(0).get().get("identificationToken"));
        }
        assertThat(hubspot.calls.get()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void hubspotDownSlowOrUnreadableIsUnavailableButCachedUsersAreServed(String store) throws Exception {
        HubSpotTokens tokens = start(store, APP_TOKEN);
        Map<String, Object> cached = tokens.identify(user("cached", "c@example.com"));
        for (HubSpotStandIn.Fault f : new HubSpotStandIn.Fault[] {HubSpotStandIn.Fault.SERVER_ERROR, HubSpotStandIn.Fault.SLOW,
                HubSpotStandIn.Fault.HTML_200, HubSpotStandIn.Fault.RATE_LIMITED}) {
            hubspot.always = f;
            assertThatThrownBy(() -> tokens.identify(user("new-" + f, "n@example.com"))).as(f.name())
                    .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.kind()).isEqualTo(UpstreamException.Kind.UNAVAILABLE));
        }
        hubspot.always = HubSpotStandIn.Fault.SERVER_ERROR;
        clock.advance(Duration.ofHours(11).plusMinutes(30)); // due for renewal, still within its 12 hours
        assertThat(tokens.identify(user("cached", "c@example.com"))).isEqualTo(cached);
        clock.advance(Duration.ofMinutes(25)); // past 12 h less the margin: no longer handed out
        assertThatThrownBy(() -> tokens.identify(user("cached", "c@example.com"))).isInstanceOf(UpstreamException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void refusalsAreRejectedWithHubSpotsStatus(String store) throws Exception {
        HubSpotTokens forbidden = start(store, APP_TOKEN);
        hubspot.always = HubSpotStandIn.Fault.FORBIDDEN;
        assertThatThrownBy(() -> forbidden.identify(user("u3", "d@example.com"))).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.kind()).isEqualTo(UpstreamException.Kind.REJECTED);
            assertThat(e.vendorCode()).isEqualTo("http_403");
        });
        HubSpotTokens wrongToken = new HubSpotTokens(HubSpotSettings.builder(Secret.ofUtf8("pat-wrong")).apiRoot(URI.create(hubspot.apiRoot()))
                .build(), db.dataSource(), box, clock);
        hubspot.always = null;
        assertThatThrownBy(() -> wrongToken.identify(user("u3", "d@example.com"))).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.vendorCode()).isEqualTo("http_401"));
        assertThat(new Jdbc(db.dataSource()).one("SELECT COUNT(*) FROM hubspot_tokens", rs -> rs.getInt(1)).orElseThrow()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void theLegacyV3PathStaysSelectable(String store) throws Exception {
        start(store, APP_TOKEN);
        HubSpotTokens legacy = new HubSpotTokens(HubSpotSettings.builder(Secret.ofUtf8(APP_TOKEN)).apiRoot(URI.create(hubspot.apiRoot()))
                .apiVersion("v3").build(), db.dataSource(), box, clock);
        assertThat(legacy.identify(user("u-legacy", "legacy@example.com"))).containsKey("identificationToken");
        assertThat(hubspot.paths).containsExactly("/visitor-identification/v3/tokens/create");
        assertThatThrownBy(() -> HubSpotSettings.builder(Secret.ofUtf8(APP_TOKEN)).apiVersion("v4").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiVersion");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void aChangedEmailGetsANewToken(String store) throws Exception {
        HubSpotTokens tokens = start(store, APP_TOKEN);
        tokens.identify(user("u4", "old@example.com"));
        Map<String, Object> now = tokens.identify(user("u4", "new@example.com"));
        assertThat(HubSpotStandIn.emailOf((String) now.get("identificationToken"))).isEqualTo("new@example.com");
        assertThat(hubspot.calls.get()).isEqualTo(2);
    }
}

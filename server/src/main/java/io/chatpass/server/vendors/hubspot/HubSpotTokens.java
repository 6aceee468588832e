package io.chatpass.server.vendors.hubspot;

import io.chatpass.core.identity.Fields;
import io.chatpass.core.identity.IdentityIssuer;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.store.Jdbc;
import io.chatpass.core.upstream.SingleFlight;
import io.chatpass.core.upstream.Upstream;
import io.chatpass.core.users.SiteUsers;
import io.chatpass.core.store.SealedColumn;
import io.chatpass.core.users.UserData;
import io.chatpass.core.store.StoreException;
import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.core.upstream.UpstreamException.Kind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HubSpot visitor identification: the token HubSpot creates for a user's email (with the private app token), cached
 * per site user in the store, sealed, and replaced after {@link HubSpotSettings#refreshAfter()}.
 * <ul>
 *   <li>One HubSpot call per user at a time in this process: concurrent first visits share one call.</li>
 *   <li>HubSpot down, slow or refusing: a user whose cached token is still within its 12 hours (less a margin) is
 *       served that token; anyone else gets the failure (503 for UNAVAILABLE, 502 for REJECTED).</li>
 *   <li>A token is tied to the email it was created for: a user whose login email changed gets a new one.</li>
 *   <li>A token HubSpot created but the store could not keep is still answered (and created again next time).</li>
 * </ul>
 */
public final class HubSpotTokens implements IdentityIssuer {
    private static final Logger log = LoggerFactory.getLogger(HubSpotTokens.class);
    static final int MAX_TOKEN_CHARS = 8192;

    record Cached(String email, String token, long createdAt) {
        @Override
        public String toString() {
            return "Cached[createdAt=" + createdAt + "]";
        }
    }

    private final HubSpotSettings settings;
    private final Jdbc jdbc;
    private final SecretBox box;
    private final Clock clock;
    private final URI createUri;
    private final Upstream upstream;
    private final SingleFlight<String, Cached> flights = new SingleFlight<>();
    private final java.util.function.Consumer<String> outcomes;

    public HubSpotTokens(HubSpotSettings settings, DataSource ds, SecretBox box, Clock clock) {
        this(settings, ds, box, clock, outcome -> { });
    }

    /** @param outcomes told the outcome of every HubSpot call: ok, unavailable or rejected (for metrics) */
    public HubSpotTokens(HubSpotSettings settings, DataSource ds, SecretBox box, Clock clock, java.util.function.Consumer<String> outcomes) {
        this.outcomes = outcomes;
        this.settings = settings;
        this.jdbc = new Jdbc(ds);
        this.box = box;
        this.clock = clock;
        this.createUri = URI.create(settings.apiRoot() + settings.createPath());
        this.upstream = new Upstream("hubspot", settings.callTimeout(), settings.maxConcurrentCalls());
    }

    @Override
    public String vendor() {
        return "hubspot";
    }

    @Override
    public Map<String, Object> identify(SiteUser user) throws LoginFailure, UpstreamException {
        String email = Fields.email(user, "hubspot", true);
        long now = clock.millis();
        Optional<Cached> cached = find(user.id()).filter(c -> c.email().equals(email));
        if (cached.isPresent() && now < cached.get().createdAt() + settings.refreshAfter().toMillis()) {
            return answer(cached.get());
        }
        try {
            return answer(refresh(user, email));
        } catch (UpstreamException e) {
            long usableUntil = HubSpotSettings.TOKEN_LIFE.minus(HubSpotSettings.SAFETY_MARGIN).toMillis();
            if (cached.isPresent() && now < cached.get().createdAt() + usableUntil) {
                log.warn("hubspot token refresh failed ({}, {}); serving the cached token", e.kind(), e.vendorCode());
                return answer(cached.get());
            }
            throw e;
        }
    }

    private static Map<String, Object> answer(Cached c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identificationEmail", c.email());
        out.put("identificationToken", c.token());
        return out;
    }

    private Cached refresh(SiteUser user, String email) throws UpstreamException {
        var outcome = flights.callOnce(user.id(), UpstreamException.class, settings.callTimeout().plusSeconds(1),
                () -> new UpstreamException(Kind.UNAVAILABLE, "timeout", "HubSpot call of another request did not end in time"),
                () -> createAndStore(user, email));
        if (!outcome.shared() || outcome.value().email().equals(email)) return outcome.value();
        return createAndStore(user, email); // the login's email changed under a concurrent call: rare, not shared
    }

    private Cached createAndStore(SiteUser user, String email) throws UpstreamException {
        Cached c = new Cached(email, create(user, email), clock.millis());
        try {
            String sealed = Base64.getEncoder().encodeToString(box.seal(c.token(), context(user.id())));
            jdbc.transaction(tx -> {
                SiteUsers.recordInTransaction(tx, user.id(), c.createdAt()); // first: see UserAdministration.erase
                return Jdbc.update(tx, """
                        INSERT INTO hubspot_tokens (site_user_id, email, token_sealed, created_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (site_user_id) DO UPDATE SET email = excluded.email, token_sealed = excluded.token_sealed,
                            created_at = excluded.created_at""", user.id(), email, sealed, c.createdAt());
            });
        } catch (StoreException e) {
            log.warn("hubspot token not cached (the store failed: {}); answered anyway", e.getMessage());
        }
        return c;
    }

    private Optional<Cached> find(String userId) {
        return jdbc.one("SELECT email, token_sealed, created_at FROM hubspot_tokens WHERE site_user_id = ?",
                rs -> new Cached(rs.getString(1), box.open(Base64.getDecoder().decode(rs.getString(2)), context(userId)), rs.getLong(3)),
                userId);
    }

    private static String context(String userId) {
        return "hubspot_tokens:" + userId + ":token";
    }

    /** What HubSpot keeps per user in the store: the last token (sealed) and the email it identifies. */
    static final UserData DATA = UserData.builder("hubspot", "hubspot_tokens")
            .label("tokens cached")
            .export("SELECT email, created_at FROM hubspot_tokens WHERE site_user_id = ?", rs -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("identificationEmail", rs.getString(1));
                m.put("tokenCreatedAt", java.time.Instant.ofEpochMilli(rs.getLong(2)).toString());
                return m;
            })
            .sealed(new SealedColumn("hubspot_tokens", "token_sealed", List.of("site_user_id"), k -> context(k.get(0))))
            .build();

    /** One call to HubSpot's token endpoint: the token, or why not. */
    String create(SiteUser user, String email) throws UpstreamException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        String[] names = names(user);
        if (names[0] != null) body.put("firstName", names[0]);
        if (names[1] != null) body.put("lastName", names[1]);
        HttpRequest.Builder req = upstream.request(createUri)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "Bearer " + settings.privateAppToken().reveal())
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)));
        try {
            HttpResponse<String> r = upstream.send("POST", createUri, req);
            String token = parse(r.statusCode(), r.body());
            outcomes.accept("ok");
            return token;
        } catch (UpstreamException e) {
            outcomes.accept(e.kind() == Kind.REJECTED ? "rejected" : "unavailable");
            throw e;
        }
    }

    /** HubSpot's answer to a token request, judged: a 200 with {@code {"token": "..."}} or an UpstreamException. */
    static String parse(int status, String body) throws UpstreamException {
        if (status == 429 || status >= 500) throw new UpstreamException(Kind.UNAVAILABLE, "http_" + status, "HubSpot answered " + status);
        if (status != 200) throw new UpstreamException(Kind.REJECTED, "http_" + status, "HubSpot refused the token request (" + status + ")");
        Object token;
        try {
            token = JSONObjectUtils.parse(body == null ? "" : body).get("token");
        } catch (ParseException | RuntimeException e) {
            throw new UpstreamException(Kind.UNAVAILABLE, "unreadable", "HubSpot answered 200 with something that is not JSON");
        }
        if (!(token instanceof String t) || t.isEmpty() || t.length() > MAX_TOKEN_CHARS
                || !t.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new UpstreamException(Kind.UNAVAILABLE, "unreadable", "HubSpot's answer has no usable token");
        }
        return t;
    }

    /**
     * First and last name for HubSpot (used only for a new contact): the login's given_name and family_name when it
     * has them; otherwise the whole display name as firstName, since splitting a name is not safe in general.
     */
    static String[] names(SiteUser user) {
        Object given = user.claims().get("given_name");
        Object family = user.claims().get("family_name");
        if (given instanceof String g && !g.isBlank()) {
            return new String[] {Fields.clean(g), family instanceof String f ? Fields.clean(f) : null};
        }
        return new String[] {Fields.name(user), null};
    }
}

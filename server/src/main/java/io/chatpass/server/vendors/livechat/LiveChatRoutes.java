package io.chatpass.server.vendors.livechat;

import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.core.login.SiteUser;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.login.Authenticator;
import io.chatpass.server.vendor.VendorService;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.RecentErrors;
import io.chatpass.server.web.Requests;
import io.chatpass.server.web.Exchange;
import io.chatpass.server.web.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LiveChat Custom Identity Provider routes behind livechat.js. State-changing routes are POST with a JSON
 * content type. Transient upstream failures answer 503 with Retry-After; LiveChat's refusals answer 502 with the
 * vendor's family and code, which the glue turns into the widget's SSO_* errors.
 */
final class LiveChatRoutes implements VendorService {
    private static final Logger log = LoggerFactory.getLogger(LiveChatRoutes.class);

    private final LiveChatBroker broker;
    private final Authenticator auth;
    private final RecentErrors errors;
    private final LiveChatConfig config;

    private final MeterRegistry registry;

    LiveChatRoutes(LiveChatConfig config, LiveChatBroker broker, Authenticator auth, RecentErrors errors, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.broker = broker;
        this.auth = auth;
        this.errors = errors;
    }

    LiveChatBroker broker() {
        return broker;
    }

    /** The broker holds connections and leases made from these settings: a change waits for a restart. */
    @Override
    public boolean reload(VendorSettings settings) {
        return java.util.Objects.equals(settings, config);
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("breaker", broker.breakerState());
        Map<String, Long> calls = new LinkedHashMap<>();
        for (var c : registry.find(CALLS).counters()) calls.merge(String.valueOf(c.getId().getTag("outcome")), (long) c.count(), Long::sum);
        out.put("upstreamCalls", calls);
        return out;
    }

    private static final String CALLS = "chatpass.livechat.upstream.calls";

    /** Broker events as Micrometer meters. */
    static LiveChatEvents metrics(MeterRegistry r) {
        return new LiveChatEvents() {
            @Override
            public void upstreamCall(String outcome) {
                r.counter(CALLS, "outcome", outcome).increment();
            }

            @Override
            public void cacheHit() {
                r.counter("chatpass.livechat.cache.hits").increment();
            }

            @Override
            public void heldHit() {
                r.counter("chatpass.livechat.held.hits").increment();
            }

            @Override
            public void coalesced() {
                r.counter("chatpass.livechat.coalesced.waits").increment();
            }

            @Override
            public void identityCreated() {
                r.counter("chatpass.livechat.identities", "event", "created").increment();
            }

            @Override
            public void identityLost() {
                r.counter("chatpass.livechat.identities", "event", "lost").increment();
            }

            @Override
            public void limited() {
                r.counter("chatpass.ratelimit.refused", "scope", "livechat_user_calls").increment();
            }
        };
    }

    @Override
    public void install(Routes hot) {
        hot.postWithoutWaiting("/v1/livechat/token", ctx -> token(ctx, false));
        hot.post("/v1/livechat/token/fresh", ctx -> token(ctx, true));
        hot.get("/v1/livechat/identity", ctx -> {
            SiteUser user = auth.require(ctx);
            var s = broker.identity(user.id());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hasIdentity", s.hasIdentity());
            body.put("entityId", s.entityId());
            body.put("tokenCached", s.tokenCached());
            ctx.header("Cache-Control", "no-store").json(body);
        });
        hot.post("/v1/livechat/token/invalidate", ctx -> {
            Requests.requireJson(ctx);
            broker.invalidate(auth.require(ctx).id());
            ctx.status(204);
        });
        hot.glue("livechat");
    }

    /** getToken answers a token held in memory at once (on the I/O thread, on the fast path); the rest may wait. */
    private void token(Exchange ctx, boolean fresh) throws Exception {
        Requests.requireJson(ctx);
        SiteUser user = auth.require(ctx);
        CustomerToken held = fresh ? null : broker.heldToken(user.id());
        if (held != null) {
            answer(ctx, held);
            return;
        }
        ctx.whenMayWait(x -> {
            CustomerToken t;
            try {
                t = fresh ? broker.freshToken(user.id()) : broker.token(user.id());
            } catch (UpstreamException e) {
                if (e.kind() == UpstreamException.Kind.LIMITED) throw problem(e); // the user's doing, not the vendor's
                log.warn("LiveChat token failed: {} {} {} ({})", e.kind(), e.family(), e.vendorCode(), e.getMessage());
                errors.add("livechat", e.kind() + " " + e.vendorCode(), e.getMessage());
                throw problem(e);
            }
            answer(x, t);
        });
    }

    private static void answer(Exchange ctx, CustomerToken t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", t.accessToken());
        body.put("entityId", t.entityId());
        body.put("expiresIn", t.expiresIn());
        body.put("tokenType", t.tokenType());
        body.put("creationDate", t.creationDate());
        if (t.licenseId() != null) body.put("licenseId", t.licenseId());
        if (t.organizationId() != null) body.put("organizationId", t.organizationId());
        ctx.header("Cache-Control", "no-store").json(body);
    }

    static ProblemException problem(UpstreamException e) {
        if (e.kind() == UpstreamException.Kind.LIMITED) {
            return new ProblemException(new Problem(429, "rate_limited", "Too many requests",
                    "Too many new LiveChat tokens for this user; wait for the time in Retry-After before trying again."),
                    Map.of("Retry-After", Long.toString(e.retryAfterSeconds())));
        }
        if (e.kind() == UpstreamException.Kind.UNAVAILABLE) {
            return new ProblemException(new Problem(503, "upstream_unavailable", "LiveChat unavailable",
                    "LiveChat did not answer usably; try again shortly.",
                    Map.of("vendorFamily", "oauth_exception".equals(e.family()) ? "oauth_exception" : "transport",
                            "vendorCode", transientCode(e))), Map.of("Retry-After", "5"));
        }
        return new ProblemException(new Problem(502, "upstream_rejected", "LiveChat refused",
                "LiveChat refused the request: " + e.vendorCode() + ".",
                Map.of("vendorFamily", e.family(), "vendorCode", e.vendorCode())));
    }

    private static String transientCode(UpstreamException e) {
        return "server_error".equals(e.vendorCode()) || "temporarily_unavailable".equals(e.vendorCode()) ? e.vendorCode() : "temporarily_unavailable";
    }
}

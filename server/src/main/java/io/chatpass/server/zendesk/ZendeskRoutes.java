package io.chatpass.server.zendesk;

import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.core.users.SiteUserGate;
import io.chatpass.core.users.SiteUsers;
import io.chatpass.core.zendesk.MintedToken;
import io.chatpass.core.zendesk.ZendeskChatMinter;
import io.chatpass.core.zendesk.ZendeskMessagingMinter;
import io.chatpass.core.zendesk.ZendeskVisitors;
import io.chatpass.server.config.ZendeskConfig;
import io.chatpass.server.login.Authenticator;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.StaticScripts;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zendesk routes: Chat and Messaging tokens minted from the verified site user, the browser glue, and the admin
 * visitor look-up. The minters sit behind one atomic reference, so a reload swaps secrets between two requests:
 * a request uses either the old minter or the new one, never half of each, and none fails during the swap.
 */
public final class ZendeskRoutes {
    private static final Logger log = LoggerFactory.getLogger(ZendeskRoutes.class);

    record Minters(ZendeskChatMinter chat, ZendeskMessagingMinter messaging, ZendeskVisitors visitors) {
    }

    private final AtomicReference<Minters> minters;
    private final Authenticator auth;
    private final SiteUsers users;
    private final SiteUserGate gate;
    private final MeterRegistry registry;
    private final Clock clock;

    public ZendeskRoutes(ZendeskConfig config, Authenticator auth, SiteUsers users, SiteUserGate gate, MeterRegistry registry,
                         Clock clock) {
        this.gate = gate;
        this.auth = auth;
        this.users = users;
        this.registry = registry;
        this.clock = clock;
        this.minters = new AtomicReference<>(build(config, clock));
    }

    static Minters build(ZendeskConfig c, Clock clock) {
        ZendeskChatMinter chat = c.chat() == null ? null
                : new ZendeskChatMinter(c.chat().secret(), Duration.ofSeconds(c.chat().lifetimeSeconds()), clock);
        ZendeskMessagingMinter messaging = null;
        if (c.messaging() != null) {
            var key = c.messaging().activeKey();
            messaging = new ZendeskMessagingMinter(key.id(), key.secret(), Duration.ofSeconds(c.messaging().lifetimeSeconds()),
                    c.messaging().policy(), clock);
        }
        ZendeskVisitors visitors = c.visitors() == null ? null : new ZendeskVisitors(URI.create(c.visitors().apiRoot()),
                c.visitors().oauthToken(), Duration.ofMillis(c.visitors().timeoutMillis()));
        return new Minters(chat, messaging, visitors);
    }

    /** Applies a reloaded configuration: new secrets and active key from the next request on. */
    public void swap(ZendeskConfig config) {
        Minters next = build(config, clock);
        minters.set(next);
        log.info("zendesk settings applied (chat {}, messaging {}, active messaging key {})", next.chat() != null ? "on" : "off",
                next.messaging() != null ? "on" : "off", next.messaging() != null ? next.messaging().keyId() : "-");
    }

    public void install(JavalinConfig c) {
        c.routes.get("/v1/zendesk/chat/jwt", ctx -> {
            ZendeskChatMinter m = minters.get().chat();
            if (m == null) throw notConfigured("Zendesk Chat (zendesk.chat)");
            SiteUser user = auth.require(ctx);
            answer(ctx, mint(() -> m.mint(user)), "chat");
        });
        c.routes.get("/v1/zendesk/messaging/jwt", ctx -> {
            ZendeskMessagingMinter m = minters.get().messaging();
            if (m == null) throw notConfigured("Zendesk Messaging (zendesk.messaging)");
            SiteUser user = auth.require(ctx);
            answer(ctx, mint(() -> m.mint(user)), "messaging");
        });
        c.routes.get("/v1/widget/zendesk.js", StaticScripts.glue("/widget/zendesk.js"));
        c.routes.get("/admin/v1/zendesk/visitors/{id}", this::visitor);
    }

    private interface Mint {
        MintedToken run() throws LoginFailure;
    }

    private static MintedToken mint(Mint m) {
        try {
            return m.run();
        } catch (LoginFailure f) {
            throw Authenticator.problem(f);
        }
    }

    private void answer(Context ctx, MintedToken t, String product) {
        registry.counter("chatpass.zendesk.tokens", "product", product).increment();
        ctx.header("Cache-Control", "no-store");
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/json")) {
            ctx.json(Map.of("token", t.token(), "expires_at", t.expiresAt().toString()));
        } else {
            ctx.contentType("text/plain; charset=utf-8").result(t.token());
        }
    }

    private void visitor(Context ctx) {
        ZendeskVisitors visitors = minters.get().visitors();
        if (visitors == null) throw notConfigured("the Zendesk Chat REST API (zendesk.visitors)");
        String id = ctx.pathParam("id");
        if (!ZendeskVisitors.isValidVisitorId(id)) {
            throw new ProblemException(400, "invalid_visitor_id", "Invalid visitor id", "A visitor id is 1 to 128 letters, digits, '.', '_', ':' or '-'.");
        }
        Map<String, Object> visitor;
        try {
            visitor = visitors.find(id);
        } catch (UpstreamException e) {
            log.warn("zendesk visitor look-up failed: {} ({})", e.kind(), e.getMessage());
            throw switch (e.kind()) {
                case NOT_FOUND -> new ProblemException(Problem.notFound("Zendesk has no visitor with this id."));
                case REJECTED -> new ProblemException(502, "upstream_rejected", "Zendesk refused the request",
                        "Zendesk answered " + e.vendorCode() + "; check zendesk.visitors.oauthToken and its scopes.");
                case UNAVAILABLE -> new ProblemException(new Problem(503, "upstream_unavailable", "Zendesk unavailable",
                        "The Zendesk Chat API did not answer usably (" + e.vendorCode() + "); try again shortly."), Map.of("Retry-After", "5"));
            };
        }
        Object externalId = visitor.get("external_id");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("visitor", visitor);
        if (externalId instanceof String) gate.flush(); // sightings are written behind requests: see every accepted one
        body.put("siteUser", externalId instanceof String ext ? users.find(ext).map(io.chatpass.server.admin.AdminRoutes::view).orElse(null) : null);
        ctx.header("Cache-Control", "no-store").json(body);
    }

    private static ProblemException notConfigured(String what) {
        return new ProblemException(Problem.notFound("This server does not have " + what + " configured."));
    }
}

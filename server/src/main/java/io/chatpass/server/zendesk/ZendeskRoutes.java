package io.chatpass.server.zendesk;

import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
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
import io.chatpass.server.web.Exchange;
import io.chatpass.server.web.HotRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zendesk routes: Chat and Messaging tokens minted from the verified site user and the browser glue (the admin
 * visitor look-up is in the admin feature). The minters sit behind one atomic reference, so a reload swaps secrets between two requests:
 * a request uses either the old minter or the new one, never half of each, and none fails during the swap.
 */
public final class ZendeskRoutes {
    private static final Logger log = LoggerFactory.getLogger(ZendeskRoutes.class);

    record Minters(ZendeskChatMinter chat, ZendeskMessagingMinter messaging, ZendeskVisitors visitors) {
    }

    private final AtomicReference<Minters> minters;
    private final Authenticator auth;
    private final Counter chatTokens;
    private final Counter messagingTokens;
    private final Clock clock;

    public ZendeskRoutes(ZendeskConfig config, Authenticator auth, MeterRegistry registry, Clock clock) {
        this.auth = auth;
        this.chatTokens = registry.counter("chatpass.zendesk.tokens", "product", "chat");
        this.messagingTokens = registry.counter("chatpass.zendesk.tokens", "product", "messaging");
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

    public void install(JavalinConfig c, HotRoutes hot) {
        hot.get("/v1/zendesk/chat/jwt", ctx -> {
            ZendeskChatMinter m = minters.get().chat();
            if (m == null) throw notConfigured("Zendesk Chat (zendesk.chat)");
            SiteUser user = auth.require(ctx);
            answer(ctx, mint(() -> m.mint(user)), chatTokens);
        });
        hot.get("/v1/zendesk/messaging/jwt", ctx -> {
            ZendeskMessagingMinter m = minters.get().messaging();
            if (m == null) throw notConfigured("Zendesk Messaging (zendesk.messaging)");
            SiteUser user = auth.require(ctx);
            answer(ctx, mint(() -> m.mint(user)), messagingTokens);
        });
        c.routes.get("/v1/widget/zendesk.js", StaticScripts.glue("/widget/zendesk.js"));
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

    private static void answer(Exchange ctx, MintedToken t, Counter minted) {
        minted.increment();
        ctx.header("Cache-Control", "no-store");
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/json")) {
            ctx.json(Map.of("token", t.token(), "expires_at", t.expiresAt().toString()));
        } else {
            ctx.text("text/plain;charset=utf-8", t.token());
        }
    }

    /** The Zendesk Chat REST API client, or null when zendesk.visitors is not configured (the admin look-up uses it). */
    public ZendeskVisitors visitors() {
        return minters.get().visitors();
    }

    /** Which Zendesk products are configured now. */
    public java.util.List<String> configured() {
        Minters m = minters.get();
        java.util.List<String> out = new java.util.ArrayList<>();
        if (m.chat() != null) out.add("chat");
        if (m.messaging() != null) out.add("messaging");
        if (m.visitors() != null) out.add("visitors");
        return out;
    }

    private static ProblemException notConfigured(String what) {
        return new ProblemException(Problem.notFound("This server does not have " + what + " configured."));
    }
}

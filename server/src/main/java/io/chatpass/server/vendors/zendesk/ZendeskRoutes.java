package io.chatpass.server.vendors.zendesk;

import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.login.Authenticator;
import io.chatpass.server.vendor.OperatorLookup;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.Exchange;
import io.chatpass.server.web.Routes;
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
 * Zendesk's service: Chat and Messaging tokens minted from the verified site user, the browser glue, and the visitor
 * look-up the admin API offers operators. The minters sit behind one atomic reference, so a reload swaps secrets between two requests:
 * a request uses either the old minter or the new one, never half of each, and none fails during the swap.
 */
final class ZendeskRoutes implements VendorService {
    private static final Logger log = LoggerFactory.getLogger(ZendeskRoutes.class);

    record Products(ZendeskChatMinter chat, ZendeskMessagingMinter messaging, ZendeskVisitors visitors) {
    }

    private final AtomicReference<Products> minters;
    private final Authenticator auth;
    private final Counter chatTokens;
    private final Counter messagingTokens;
    private final Clock clock;

    ZendeskRoutes(ZendeskConfig config, VendorContext context) {
        MeterRegistry registry = context.registry();
        this.auth = context.authenticator();
        this.clock = context.clock();
        this.chatTokens = registry.counter("chatpass.zendesk.tokens", "product", "chat");
        this.messagingTokens = registry.counter("chatpass.zendesk.tokens", "product", "messaging");
        this.minters = new AtomicReference<>(build(config == null ? NONE : config, clock));
    }

    static Products build(ZendeskConfig c, Clock clock) {
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
        return new Products(chat, messaging, visitors);
    }

    private static final ZendeskConfig NONE = new ZendeskConfig(null, null, null);

    /** Applies a reloaded configuration: new secrets and active key from the next request on. */
    @Override
    public boolean reload(VendorSettings settings) {
        Products next = build(settings == null ? NONE : (ZendeskConfig) settings, clock);
        minters.set(next);
        log.info("zendesk settings applied (chat {}, messaging {}, active messaging key {})", next.chat() != null ? "on" : "off",
                next.messaging() != null ? "on" : "off", next.messaging() != null ? next.messaging().keyId() : "-");
        return true;
    }

    @Override
    public void install(Routes hot) {
        hot.getWithoutWaiting("/v1/zendesk/chat/jwt", ctx -> {
            ZendeskChatMinter m = minters.get().chat();
            if (m == null) throw notConfigured("Zendesk Chat (zendesk.chat)");
            SiteUser user = auth.require(ctx);
            answer(ctx, mint(() -> m.mint(user)), chatTokens);
        });
        hot.getWithoutWaiting("/v1/zendesk/messaging/jwt", ctx -> {
            ZendeskMessagingMinter m = minters.get().messaging();
            if (m == null) throw notConfigured("Zendesk Messaging (zendesk.messaging)");
            SiteUser user = auth.require(ctx);
            answer(ctx, mint(() -> m.mint(user)), messagingTokens);
        });
        hot.glue("zendesk");
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

    /** Which Zendesk products are configured now. */
    java.util.List<String> products() {
        Products m = minters.get();
        java.util.List<String> out = new java.util.ArrayList<>();
        if (m.chat() != null) out.add("chat");
        if (m.messaging() != null) out.add("messaging");
        if (m.visitors() != null) out.add("visitors");
        return out;
    }

    @Override
    public boolean configured() {
        return !products().isEmpty();
    }

    @Override
    public Map<String, Object> state() {
        return Map.of("products", products());
    }

    @Override
    public java.util.Optional<OperatorLookup> lookup() {
        return java.util.Optional.of(new OperatorLookup() {
            @Override
            public String noun() {
                return "visitors";
            }

            @Override
            public String singular() {
                return "visitor";
            }

            @Override
            public boolean validId(String id) {
                return ZendeskVisitors.isValidVisitorId(id);
            }

            @Override
            public String idRule() {
                return "A visitor id is 1 to 128 letters, digits, '.', '_', ':' or '-'.";
            }

            @Override
            public String api() {
                return "the Zendesk Chat REST API (zendesk.visitors)";
            }

            @Override
            public boolean available() {
                return minters.get().visitors() != null;
            }

            @Override
            public Map<String, Object> find(String id) throws UpstreamException {
                return minters.get().visitors().find(id);
            }

            @Override
            public String siteUserIdOf(Map<String, Object> record) {
                return record.get("external_id") instanceof String ext ? ext : null;
            }

            @Override
            public String credentialKey() {
                return "zendesk.visitors.oauthToken";
            }
        });
    }

    private static ProblemException notConfigured(String what) {
        return new ProblemException(Problem.notFound("This server does not have " + what + " configured."));
    }
}

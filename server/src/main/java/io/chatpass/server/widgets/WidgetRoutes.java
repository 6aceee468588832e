package io.chatpass.server.widgets;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.core.widgets.CrispIdentity;
import io.chatpass.core.widgets.HmacIdentity;
import io.chatpass.core.widgets.HubSpotTokens;
import io.chatpass.core.widgets.IdentityIssuer;
import io.chatpass.core.widgets.JwtIdentity;
import io.chatpass.server.config.WidgetsConfig;
import io.chatpass.server.login.Authenticator;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.RecentErrors;
import io.chatpass.server.web.StaticScripts;
import io.javalin.config.JavalinConfig;
import io.chatpass.server.web.Exchange;
import io.chatpass.server.web.HotRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The eight signed-identity widgets: {@code GET /v1/V/identity} answers exactly the fields vendor V's JavaScript
 * takes, from the verified login only (request parameters are never read), and {@code GET /v1/widget/V.js} serves
 * the browser glue. The issuers sit behind one atomic reference so a reload swaps every vendor's secrets at once.
 */
public final class WidgetRoutes {
    private static final Logger log = LoggerFactory.getLogger(WidgetRoutes.class);
    public static final List<String> VENDORS = List.of("intercom", "crisp", "tawkto", "helpscout", "chatwoot", "front", "drift", "hubspot");

    private final AtomicReference<Map<String, IdentityIssuer>> issuers;
    private final Authenticator auth;
    private final DataSource ds;
    private final SecretBox box;
    private final MeterRegistry registry;
    private final Clock clock;

    private final RecentErrors errors;

    public WidgetRoutes(WidgetsConfig config, Authenticator auth, DataSource ds, SecretBox box, MeterRegistry registry, Clock clock,
                        RecentErrors errors) {
        this.errors = errors;
        this.auth = auth;
        this.ds = ds;
        this.box = box;
        this.registry = registry;
        this.clock = clock;
        this.issuers = new AtomicReference<>(build(config));
    }

    private Map<String, IdentityIssuer> build(WidgetsConfig c) {
        Map<String, IdentityIssuer> m = new HashMap<>();
        if (c.intercom() != null) {
            m.put("intercom", c.intercom().jwt()
                    ? JwtIdentity.intercom(c.intercom().secret(), Duration.ofSeconds(c.intercom().lifetimeSeconds()), clock)
                    : HmacIdentity.intercom(c.intercom().secret()));
        }
        if (c.crisp() != null) m.put("crisp", new CrispIdentity(c.crisp().verifySecret(), c.crisp().tokenIdSecret()));
        if (c.tawkto() != null) m.put("tawkto", HmacIdentity.tawkto(c.tawkto().secret()));
        if (c.helpscout() != null) m.put("helpscout", HmacIdentity.helpscout(c.helpscout().secret()));
        if (c.chatwoot() != null) m.put("chatwoot", HmacIdentity.chatwoot(c.chatwoot().secret()));
        if (c.front() != null) m.put("front", HmacIdentity.front(c.front().secret()));
        if (c.drift() != null) m.put("drift", JwtIdentity.drift(c.drift().secret(), Duration.ofSeconds(c.drift().lifetimeSeconds()), clock));
        if (c.hubspot() != null) {
            m.put("hubspot", new HubSpotTokens(c.hubspot().settings(), ds, box, clock,
                    outcome -> registry.counter("chatpass.hubspot.calls", "outcome", outcome).increment()));
        }
        return Map.copyOf(m);
    }

    /** The vendors configured now. */
    public java.util.Set<String> configured() {
        return issuers.get().keySet();
    }

    /** Applies a reloaded configuration: every vendor's new secrets from the next request on. */
    public void swap(WidgetsConfig config) {
        Map<String, IdentityIssuer> next = build(config);
        issuers.set(next);
        log.info("widget settings applied ({} configured: {})", next.size(), VENDORS.stream().filter(next::containsKey).toList());
    }

    public void install(JavalinConfig c, HotRoutes hot) {
        for (String vendor : VENDORS) {
            hot.get("/v1/" + vendor + "/identity", ctx -> identity(ctx, vendor));
            c.routes.get("/v1/widget/" + vendor + ".js", StaticScripts.glue("/widget/" + vendor + ".js"));
        }
    }

    private void identity(Exchange ctx, String vendor) {
        IdentityIssuer issuer = issuers.get().get(vendor);
        if (issuer == null) {
            throw new ProblemException(404, "vendor_not_configured", "Vendor not configured",
                    "This server has no configuration for " + vendor + " (widgets." + vendor + ").");
        }
        SiteUser user = auth.require(ctx);
        Map<String, Object> body;
        try {
            body = issuer.identify(user);
        } catch (LoginFailure f) {
            throw Authenticator.problem(f);
        } catch (UpstreamException e) {
            log.warn("{} identity failed upstream: {} ({})", vendor, e.kind(), e.getMessage());
            errors.add(vendor, e.kind() + " " + e.vendorCode(), e.getMessage());
            throw switch (e.kind()) {
                case REJECTED -> new ProblemException(new Problem(502, "upstream_rejected", "The vendor refused the request",
                        vendor + " answered " + e.vendorCode() + "; check widgets." + vendor + " (token and its scopes).",
                        Map.of("vendorCode", e.vendorCode())));
                case UNAVAILABLE, NOT_FOUND -> new ProblemException(new Problem(503, "upstream_unavailable", "Vendor unavailable",
                        vendor + " did not answer usably (" + e.vendorCode() + "); try again shortly."), Map.of("Retry-After", "5"));
            };
        }
        registry.counter("chatpass.widget.identities", "vendor", vendor).increment();
        ctx.header("Cache-Control", "no-store").json(body);
    }
}

package io.chatpass.server.vendor;

import io.chatpass.core.identity.IdentityIssuer;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.signing.SigningKeys;
import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.login.Authenticator;
import io.chatpass.server.web.Exchange;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.Routes;
import io.micrometer.core.instrument.Counter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signed-identity widget's service: {@code GET /v1/ID/identity} answers exactly the fields the vendor's JavaScript
 * takes, from the verified login only (request parameters are never read), and {@code GET /v1/widget/ID.js} serves
 * the glue. The issuer sits behind an atomic reference, so a reload swaps its secrets between two requests.
 *
 * @param <S> the vendor's settings
 */
public final class IdentityService<S extends VendorSettings> implements VendorService {
    private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

    private final String vendor;
    private final String section;
    private final Function<S, IdentityIssuer> issuers;
    private final Class<S> type;
    private final Authenticator auth;
    private final VendorContext context;
    private final Counter issued;
    private final AtomicReference<IdentityIssuer> issuer = new AtomicReference<>();
    private Supplier<Map<String, Object>> state = Map::of;
    private final boolean withoutWaiting;

    private IdentityService(Vendor<S> vendor, S settings, VendorContext context, Function<S, IdentityIssuer> issuers,
                            boolean withoutWaiting) {
        this.withoutWaiting = withoutWaiting;
        this.vendor = vendor.id();
        this.section = vendor.section();
        this.type = vendor.settingsType();
        this.issuers = issuers;
        this.context = context;
        this.auth = context.authenticator();
        this.issued = context.registry().counter("chatpass.widget.identities", "vendor", this.vendor);
        issuer.set(settings == null ? null : issuers.apply(settings));
    }

    /** @param issuers makes the vendor's issuer from its settings (again on every reload) */
    public static <S extends VendorSettings> IdentityService<S> start(Vendor<S> vendor, S settings, VendorContext context,
                                                                      Function<S, IdentityIssuer> issuers) {
        return new IdentityService<>(vendor, settings, context, issuers, false);
    }

    /**
     * For a vendor whose issuers never wait (they sign with a secret held in memory: no store, no network): its
     * identity route runs on the thread that read the request ({@link Routes#getWithoutWaiting}).
     */
    public static <S extends VendorSettings> IdentityService<S> startWithoutWaiting(Vendor<S> vendor, S settings, VendorContext context,
                                                                                    Function<S, IdentityIssuer> issuers) {
        return new IdentityService<>(vendor, settings, context, issuers, true);
    }

    /** What operators see of it beyond being configured (a vendor Chatpass calls shows its calls). */
    public IdentityService<S> state(Supplier<Map<String, Object>> state) {
        this.state = state;
        return this;
    }

    @Override
    public void install(Routes routes) {
        if (withoutWaiting) routes.getWithoutWaiting("/v1/" + vendor + "/identity", this::identity);
        else routes.get("/v1/" + vendor + "/identity", this::identity);
        routes.glue(vendor);
    }

    @Override
    public boolean reload(VendorSettings settings) {
        issuer.set(settings == null ? null : issuers.apply(type.cast(settings)));
        return true;
    }

    @Override
    public boolean configured() {
        return issuer.get() != null;
    }

    @Override
    public Map<String, Object> state() {
        return state.get();
    }

    private void identity(Exchange ctx) {
        IdentityIssuer current = issuer.get();
        if (current == null) {
            throw new ProblemException(404, "vendor_not_configured", "Vendor not configured",
                    "This server has no configuration for " + vendor + " (" + section + ").");
        }
        SiteUser user = auth.require(ctx);
        Map<String, Object> body;
        try {
            body = current.identify(user);
        } catch (LoginFailure f) {
            throw Authenticator.problem(f);
        } catch (SigningKeys.NoSigningKey e) {
            log.warn("{} identity refused: {}", vendor, e.getMessage());
            context.errors().add(vendor, "signing_key_missing", e.getMessage());
            throw new ProblemException(new Problem(503, "signing_key_missing", "No signing key",
                    vendor + " tokens are signed with Chatpass's own " + e.alg() + " key and this server has none yet; an operator creates it with"
                            + " `chatpass keys signing create --alg " + e.alg() + "`."), Map.of("Retry-After", "30"));
        } catch (UpstreamException e) {
            log.warn("{} identity failed upstream: {} ({})", vendor, e.kind(), e.getMessage());
            context.errors().add(vendor, e.kind() + " " + e.vendorCode(), e.getMessage());
            throw switch (e.kind()) {
                case LIMITED -> new ProblemException(new Problem(429, "rate_limited", "Too many requests",
                        "Too many requests; wait for the time in Retry-After before trying again."),
                        Map.of("Retry-After", Long.toString(Math.max(1, e.retryAfterSeconds()))));
                case REJECTED, CREDENTIAL_LOST -> new ProblemException(new Problem(502, "upstream_rejected", "The vendor refused the request",
                        vendor + " answered " + e.vendorCode() + "; check " + section + " (token and its scopes).",
                        Map.of("vendorCode", e.vendorCode())));
                case UNAVAILABLE, NOT_FOUND -> new ProblemException(new Problem(503, "upstream_unavailable", "Vendor unavailable",
                        vendor + " did not answer usably (" + e.vendorCode() + "); try again shortly."), Map.of("Retry-After", "5"));
            };
        }
        issued.increment();
        ctx.header("Cache-Control", "no-store").json(body);
    }
}

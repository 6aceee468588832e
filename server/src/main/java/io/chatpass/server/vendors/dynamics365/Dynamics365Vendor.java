package io.chatpass.server.vendors.dynamics365;

import io.chatpass.core.signing.SigningAlgorithm;
import io.chatpass.core.signing.SigningKeys;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.signing.SigningRoutes;
import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.IdentityService;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import io.chatpass.server.web.Exchange;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.Routes;
import java.util.List;
import java.util.Map;

/**
 * Dynamics 365 Contact Center (Omnichannel) live chat, authenticated chat: {@code GET /v1/dynamics365/identity}
 * ({@code {token, expiresAt}}) for the widget's token function, and {@code GET /v1/dynamics365/public-key}, the
 * "Public key URL" Dynamics reads (public, cacheable like the JWKS).
 */
public final class Dynamics365Vendor implements Vendor<Dynamics365Config> {
    @Override
    public String id() {
        return "dynamics365";
    }

    @Override
    public String displayName() {
        return "Dynamics 365 live chat";
    }

    @Override
    public String section() {
        return "widgets.dynamics365";
    }

    @Override
    public Class<Dynamics365Config> settingsType() {
        return Dynamics365Config.class;
    }

    @Override
    public VendorService start(Dynamics365Config settings, VendorContext context) {
        IdentityService<Dynamics365Config> identity = IdentityService.start(this, settings, context,
                s -> new Dynamics365Token(s, context.signingKeys(), context.clock()));
        return new Service(identity, context.signingKeys());
    }

    @Override
    public void sandbox(Dynamics365Config settings, SandboxContext context) {
        if (settings == null) return;
        SigningKeys keys = context.signingKeys();
        SandboxDynamics365 standIn = new SandboxDynamics365(() -> {
            PublicKeyDocument.Document d = PublicKeyDocument.of(keys);
            return d == null ? "" : d.body();
        }, settings.issuer(), context.clock());
        context.checks().kind(id(), body -> standIn.claims(body.path("token").asText()) != null);
    }

    @Override
    public DemoSection demo() {
        return new DemoSection(List.of(), "{issuer: \"{base}\", context: {chatpass_user_id: id, emailaddress1: email}}");
    }

    /** The identity route and glue, plus the public-key document. */
    private record Service(IdentityService<Dynamics365Config> identity, SigningKeys keys) implements VendorService {
        @Override
        public void install(Routes routes) {
            identity.install(routes);
            routes.get("/v1/dynamics365/public-key", this::publicKey);
        }

        private void publicKey(Exchange x) {
            if (!identity.configured()) {
                throw new ProblemException(404, "vendor_not_configured", "Vendor not configured",
                        "This server has no configuration for dynamics365 (widgets.dynamics365).");
            }
            PublicKeyDocument.Document d = PublicKeyDocument.of(keys);
            if (d == null) {
                throw new ProblemException(new Problem(503, "signing_key_missing", "No signing key",
                        "No RS256 key is published yet; an operator creates it with `chatpass keys signing create --alg "
                                + SigningAlgorithm.RS256 + "`."), Map.of("Retry-After", "30"));
            }
            x.header("Cache-Control", "public, max-age=" + SigningRoutes.CACHE_AGE.toSeconds()).text(d.contentType(), d.body());
        }

        @Override
        public boolean reload(VendorSettings settings) {
            return identity.reload(settings);
        }

        @Override
        public boolean configured() {
            return identity.configured();
        }

        @Override
        public Map<String, Object> state() {
            return identity.state();
        }
    }
}

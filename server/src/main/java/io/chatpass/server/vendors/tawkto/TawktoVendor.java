package io.chatpass.server.vendors.tawkto;

import static io.chatpass.core.identity.HmacIdentity.field;

import io.chatpass.core.identity.HmacIdentity;
import io.chatpass.core.identity.HmacIdentity.Value;
import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.IdentityService;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import java.util.List;

/** Tawk.to Secure Mode for {@code Tawk_API.login}: hash over userId. */
public final class TawktoVendor implements Vendor<TawktoConfig> {
    public static final HmacIdentity.Layout LAYOUT = new HmacIdentity.Layout("tawkto", Value.ID, false, List.of(
            field("userId", Value.ID),
                    field("name", Value.NAME),
                    field("email", Value.EMAIL),
                    field("hash", Value.SIGNATURE)));

    @Override
    public String id() {
        return "tawkto";
    }

    @Override
    public String displayName() {
        return "Tawk.to";
    }

    @Override
    public String section() {
        return "widgets.tawkto";
    }

    @Override
    public Class<TawktoConfig> settingsType() {
        return TawktoConfig.class;
    }

    @Override
    public VendorService start(TawktoConfig settings, VendorContext context) {
        return IdentityService.startWithoutWaiting(this, settings, context, s -> LAYOUT.issuer(s.secret()));
    }

    @Override
    public void sandbox(TawktoConfig settings, SandboxContext context) {
        if (settings != null) context.checks().signingSecret(id(), settings.secret());
    }

    @Override
    public DemoSection demo() {
        return DemoSection.oneSecret("secret", "tawkto-secret");
    }
}

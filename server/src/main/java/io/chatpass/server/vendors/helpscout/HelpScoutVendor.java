package io.chatpass.server.vendors.helpscout;

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

/** Help Scout Beacon secure mode: signature over the email. */
public final class HelpScoutVendor implements Vendor<HelpScoutConfig> {
    public static final HmacIdentity.Layout LAYOUT = new HmacIdentity.Layout("helpscout", Value.EMAIL, true, List.of(
            field("name", Value.NAME),
                    field("email", Value.EMAIL),
                    field("signature", Value.SIGNATURE)));

    @Override
    public String id() {
        return "helpscout";
    }

    @Override
    public String displayName() {
        return "Help Scout";
    }

    @Override
    public String section() {
        return "widgets.helpscout";
    }

    @Override
    public Class<HelpScoutConfig> settingsType() {
        return HelpScoutConfig.class;
    }

    @Override
    public VendorService start(HelpScoutConfig settings, VendorContext context) {
        return IdentityService.startWithoutWaiting(this, settings, context, s -> LAYOUT.issuer(s.secret()));
    }

    @Override
    public void sandbox(HelpScoutConfig settings, SandboxContext context) {
        if (settings != null) context.checks().signingSecret(id(), settings.secret());
    }

    @Override
    public DemoSection demo() {
        return DemoSection.oneSecret("secret", "helpscout-secret");
    }
}

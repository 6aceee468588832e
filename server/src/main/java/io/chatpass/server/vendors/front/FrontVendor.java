package io.chatpass.server.vendors.front;

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

/** Front Chat identity verification: userHash over the email (no user id is sent, so the email is what is signed). */
public final class FrontVendor implements Vendor<FrontConfig> {
    public static final HmacIdentity.Layout LAYOUT = new HmacIdentity.Layout("front", Value.EMAIL, true, List.of(
            field("email", Value.EMAIL),
                    field("name", Value.NAME),
                    field("userHash", Value.SIGNATURE)));

    @Override
    public String id() {
        return "front";
    }

    @Override
    public String displayName() {
        return "Front";
    }

    @Override
    public String section() {
        return "widgets.front";
    }

    @Override
    public Class<FrontConfig> settingsType() {
        return FrontConfig.class;
    }

    @Override
    public VendorService start(FrontConfig settings, VendorContext context) {
        return IdentityService.startWithoutWaiting(this, settings, context, s -> LAYOUT.issuer(s.secret()));
    }

    @Override
    public void sandbox(FrontConfig settings, SandboxContext context) {
        if (settings != null) context.checks().signingSecret(id(), settings.secret());
    }

    @Override
    public DemoSection demo() {
        return DemoSection.oneSecret("secret", "front-secret");
    }
}

package io.chatpass.server.vendors.intercom;

import static io.chatpass.core.identity.HmacIdentity.field;

import io.chatpass.core.identity.HmacIdentity;
import io.chatpass.core.identity.HmacIdentity.Value;
import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.IdentityService;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import java.time.Duration;
import java.util.List;

/** Intercom Messenger: Messenger Security JWTs, or the older identity verification's user_hash over user_id. */
public final class IntercomVendor implements Vendor<IntercomConfig> {
    /** Identity verification (deprecated by Intercom, still served): user_hash over user_id. */
    public static final HmacIdentity.Layout HMAC = new HmacIdentity.Layout("intercom", Value.ID, false, List.of(
            field("user_id", Value.ID), field("email", Value.EMAIL), field("name", Value.NAME), field("user_hash", Value.SIGNATURE)));

    @Override
    public String id() {
        return "intercom";
    }

    @Override
    public String displayName() {
        return "Intercom";
    }

    @Override
    public String section() {
        return "widgets.intercom";
    }

    @Override
    public Class<IntercomConfig> settingsType() {
        return IntercomConfig.class;
    }

    @Override
    public VendorService start(IntercomConfig settings, VendorContext context) {
        return IdentityService.startWithoutWaiting(this, settings, context, s -> s.jwt()
                ? new IntercomJwt(s.secret(), Duration.ofSeconds(s.lifetimeSeconds()), context.clock())
                : HMAC.issuer(s.secret()));
    }

    @Override
    public void sandbox(IntercomConfig settings, SandboxContext context) {
        if (settings != null) context.checks().signingSecret(id(), settings.secret());
    }

    @Override
    public DemoSection demo() {
        return DemoSection.oneSecret("secret", "intercom-secret");
    }
}

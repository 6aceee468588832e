package io.chatpass.server.vendors.drift;

import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.IdentityService;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import java.time.Duration;

/** Drift signed identities (HS256 JWTs). */
public final class DriftVendor implements Vendor<DriftConfig> {
    @Override
    public String id() {
        return "drift";
    }

    @Override
    public String displayName() {
        return "Drift";
    }

    @Override
    public String section() {
        return "widgets.drift";
    }

    @Override
    public Class<DriftConfig> settingsType() {
        return DriftConfig.class;
    }

    @Override
    public VendorService start(DriftConfig settings, VendorContext context) {
        return IdentityService.startWithoutWaiting(this, settings, context,
                s -> new DriftJwt(s.secret(), Duration.ofSeconds(s.lifetimeSeconds()), context.clock()));
    }

    @Override
    public void sandbox(DriftConfig settings, SandboxContext context) {
        if (settings != null) context.checks().signingSecret(id(), settings.secret());
    }

    @Override
    public DemoSection demo() {
        return DemoSection.oneSecret("secret", "drift-secret");
    }
}

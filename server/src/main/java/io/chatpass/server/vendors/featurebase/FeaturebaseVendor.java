package io.chatpass.server.vendors.featurebase;

import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.IdentityService;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;

/** Featurebase Messenger: users identified with HS256 JWTs (Featurebase("boot", {featurebaseJwt})). */
public final class FeaturebaseVendor implements Vendor<FeaturebaseConfig> {
    @Override
    public String id() {
        return "featurebase";
    }

    @Override
    public String displayName() {
        return "Featurebase Messenger";
    }

    @Override
    public String section() {
        return "widgets.featurebase";
    }

    @Override
    public Class<FeaturebaseConfig> settingsType() {
        return FeaturebaseConfig.class;
    }

    @Override
    public VendorService start(FeaturebaseConfig settings, VendorContext context) {
        return IdentityService.startWithoutWaiting(this, settings, context, s -> new FeaturebaseJwt(s.secret(), java.time.Duration.ofSeconds(s.lifetimeSeconds()), context.clock()));
    }

    @Override
    public void sandbox(FeaturebaseConfig settings, SandboxContext context) {
        if (settings != null) context.checks().signingSecret(id(), settings.secret());
    }

    @Override
    public DemoSection demo() {
        return DemoSection.oneSecret("secret", "featurebase-secret");
    }
}

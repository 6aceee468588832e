package io.chatpass.server.vendors.kustomer;

import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.IdentityService;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;

/** Kustomer Chat: customers logged in with HS256 JWTs (Kustomer.login({jwtToken})). */
public final class KustomerVendor implements Vendor<KustomerConfig> {
    @Override
    public String id() {
        return "kustomer";
    }

    @Override
    public String displayName() {
        return "Kustomer";
    }

    @Override
    public String section() {
        return "widgets.kustomer";
    }

    @Override
    public Class<KustomerConfig> settingsType() {
        return KustomerConfig.class;
    }

    @Override
    public VendorService start(KustomerConfig settings, VendorContext context) {
        return IdentityService.startWithoutWaiting(this, settings, context, s -> new KustomerJwt(s.secret(), context.clock()));
    }

    @Override
    public void sandbox(KustomerConfig settings, SandboxContext context) {
        if (settings != null) context.checks().signingSecret(id(), settings.secret());
    }

    @Override
    public DemoSection demo() {
        return DemoSection.oneSecret("secret", "kustomer-secret");
    }
}

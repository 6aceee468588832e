package io.chatpass.server.vendors.crisp;

import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.IdentityService;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import java.util.List;

/** Crisp: the verified email signed for Crisp's check, and a stable CRISP_TOKEN_ID per user. */
public final class CrispVendor implements Vendor<CrispConfig> {
    @Override
    public String id() {
        return "crisp";
    }

    @Override
    public String displayName() {
        return "Crisp";
    }

    @Override
    public String section() {
        return "widgets.crisp";
    }

    @Override
    public Class<CrispConfig> settingsType() {
        return CrispConfig.class;
    }

    @Override
    public VendorService start(CrispConfig settings, VendorContext context) {
        return IdentityService.startWithoutWaiting(this, settings, context, s -> new CrispIdentity(s.verifySecret(), s.tokenIdSecret()));
    }

    @Override
    public void sandbox(CrispConfig settings, SandboxContext context) {
        if (settings != null) context.checks().signingSecret(id(), settings.verifySecret());
    }

    @Override
    public DemoSection demo() {
        return new DemoSection(List.of("crisp-verify-secret", "crisp-token-id-secret"),
                "{verifySecret: \"${file:secrets/crisp-verify-secret}\", tokenIdSecret: \"${file:secrets/crisp-token-id-secret}\"}");
    }
}

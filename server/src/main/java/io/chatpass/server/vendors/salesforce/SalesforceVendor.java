package io.chatpass.server.vendors.salesforce;

import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.KeySetCheck;
import io.chatpass.server.vendor.IdentityService;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import java.util.List;

/** Salesforce enhanced chat (Messaging for In-App and Web): user verification with tokens signed by Chatpass's own key. */
public final class SalesforceVendor implements Vendor<SalesforceConfig> {
    @Override
    public String id() {
        return "salesforce";
    }

    @Override
    public String displayName() {
        return "Salesforce Messaging";
    }

    @Override
    public String section() {
        return "widgets.salesforce";
    }

    @Override
    public Class<SalesforceConfig> settingsType() {
        return SalesforceConfig.class;
    }

    @Override
    public VendorService start(SalesforceConfig settings, VendorContext context) {
        return IdentityService.start(this, settings, context, s -> new SalesforceToken(s, context.signingKeys(), context.clock()));
    }

    @Override
    public void sandbox(SalesforceConfig settings, SandboxContext context) {
        if (settings == null) return;
        KeySetCheck check = new KeySetCheck(context.signingKeys()::jwks, settings.issuer(), List.of("RS256", "RS512"), context.clock());
        context.checks().kind(id(), body -> check.claims(body.path("token").asText()) != null);
    }

    @Override
    public DemoSection demo() {
        return new DemoSection(List.of(), "{issuer: \"{base}\"}");
    }
}

package io.chatpass.server.vendors.chatwoot;

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

/** Chatwoot identity validation: identifier_hash over the identifier (the site user id). */
public final class ChatwootVendor implements Vendor<ChatwootConfig> {
    public static final HmacIdentity.Layout LAYOUT = new HmacIdentity.Layout("chatwoot", Value.ID, false, List.of(
            field("identifier", Value.ID),
                    field("name", Value.NAME),
                    field("email", Value.EMAIL),
                    field("identifier_hash", Value.SIGNATURE)));

    @Override
    public String id() {
        return "chatwoot";
    }

    @Override
    public String displayName() {
        return "Chatwoot";
    }

    @Override
    public String section() {
        return "widgets.chatwoot";
    }

    @Override
    public Class<ChatwootConfig> settingsType() {
        return ChatwootConfig.class;
    }

    @Override
    public VendorService start(ChatwootConfig settings, VendorContext context) {
        return IdentityService.startWithoutWaiting(this, settings, context, s -> LAYOUT.issuer(s.secret()));
    }

    @Override
    public void sandbox(ChatwootConfig settings, SandboxContext context) {
        if (settings != null) context.checks().signingSecret(id(), settings.secret());
    }

    @Override
    public DemoSection demo() {
        return DemoSection.oneSecret("secret", "chatwoot-secret");
    }
}

package io.chatpass.server.vendors.zendesk;

import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import java.util.List;

/**
 * Zendesk: Chat's JWT (the verified email signed as the visitor's own), Messaging's JWT (the login's email verdict in
 * its own claim), and the Chat REST API's visitor look-up for operators.
 */
public final class ZendeskVendor implements Vendor<ZendeskConfig> {
    @Override
    public String id() {
        return "zendesk";
    }

    @Override
    public String displayName() {
        return "Zendesk";
    }

    @Override
    public String section() {
        return "zendesk";
    }

    @Override
    public Class<ZendeskConfig> settingsType() {
        return ZendeskConfig.class;
    }

    @Override
    public VendorService start(ZendeskConfig settings, VendorContext context) {
        return new ZendeskRoutes(settings, context);
    }

    @Override
    public void sandbox(ZendeskConfig settings, SandboxContext context) {
        SandboxZendesk zendesk = new SandboxZendesk(settings == null ? new ZendeskConfig(null, null, null) : settings,
                context.dataSource(), context.clock());
        var r = context.javalin().routes;
        r.post("/sandbox/zendesk/chat/authenticate", zendesk::authenticateChat);
        r.post("/sandbox/zendesk/messaging/login", zendesk::loginMessaging);
        r.get("/sandbox/zendesk/chat/messages", zendesk::listMessages);
        r.post("/sandbox/zendesk/chat/messages", zendesk::sendMessage);
        r.get("/sandbox/zendesk/api/v2/visitors/{id}", zendesk::visitor);
    }

    @Override
    public DemoSection demo() {
        return new DemoSection(List.of("zendesk-chat-secret", "zendesk-messaging-secret", "zendesk-oauth-token"), """
                chat: {secret: "${file:secrets/zendesk-chat-secret}"}
                messaging:
                  keys: [{id: demo-key-1, secret: "${file:secrets/zendesk-messaging-secret}", active: true}]
                visitors: {apiRoot: "{base}/sandbox/zendesk/api/v2", oauthToken: "${file:secrets/zendesk-oauth-token}"}
                """);
    }
}

package io.chatpass.server.vendors.livechat;

import io.chatpass.core.users.UserData;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import io.chatpass.server.web.Routes;
import java.util.List;

/**
 * LiveChat's Custom Identity Provider, brokered: each user's LiveChat customer is kept server-side (sealed), so the
 * same customer, and its history, follows the user to every device.
 */
public final class LiveChatVendor implements Vendor<LiveChatConfig> {
    @Override
    public String id() {
        return "livechat";
    }

    @Override
    public String displayName() {
        return "LiveChat";
    }

    @Override
    public String section() {
        return "livechat";
    }

    @Override
    public Class<LiveChatConfig> settingsType() {
        return LiveChatConfig.class;
    }

    @Override
    public List<UserData> storedData() {
        return List.of(Identities.DATA);
    }

    /** Without its section LiveChat has no routes at all (404), as it holds connections and leases only when used. */
    @Override
    public VendorService start(LiveChatConfig settings, VendorContext context) {
        if (settings == null) return new Off();
        LiveChatBroker broker = new LiveChatBroker(settings.settings(), context.dataSource(), context.box(), context.clock(),
                LiveChatRoutes.metrics(context.registry()), context.storeChanges());
        context.serverMetrics().breaker(id(), broker::breakerState);
        return new LiveChatRoutes(settings, broker, context.authenticator(), context.errors(), context.registry());
    }

    private static final class Off implements VendorService {
        @Override
        public void install(Routes routes) {
        }

        @Override
        public boolean reload(VendorSettings settings) {
            return settings == null;
        }

        @Override
        public boolean configured() {
            return false;
        }
    }

    @Override
    public void sandbox(LiveChatConfig settings, SandboxContext context) {
        SandboxLiveChat livechat = new SandboxLiveChat(context.dataSource(), context.clock(), settings == null ? null : settings.clientId());
        var r = context.javalin().routes;
        r.post("/sandbox/livechat/v2/customer/token", ctx -> livechat.grant(ctx, true));
        r.post("/sandbox/livechat/customer/token", ctx -> livechat.grant(ctx, false));
        r.get("/sandbox/livechat/chat/messages", livechat::listMessages);
        r.post("/sandbox/livechat/chat/messages", livechat::sendMessage);
    }

    @Override
    public DemoSection demo() {
        return new DemoSection(List.of(), """
                accountsBaseUrl: {base}/sandbox/livechat
                clientId: demo-client
                organizationId: 6f1c2d3e-demo-4a5b-8c9d-0e1f2a3b4c5d
                redirectUri: {base}/demo/
                """);
    }
}

package io.chatpass.server.config;

import java.util.Objects;

/**
 * The whole validated configuration. Immutable; built only by {@link ConfigLoader}, which fails the start
 * (naming the key and the fix) instead of repairing a bad value.
 */
public record ChatpassConfig(ServerConfig server, AdminConfig admin, StoreConfig store, LoginConfig login,
                             ZendeskConfig zendesk, LiveChatConfig livechat, SandboxConfig sandbox, LoggingConfig logging,
                             LimitsConfig limits, WidgetsConfig widgets) {
    public ChatpassConfig {
        server = Objects.requireNonNullElseGet(server, ServerConfig::defaults);
        admin = Objects.requireNonNullElseGet(admin, () -> new AdminConfig(null, null, null));
        store = Objects.requireNonNullElseGet(store, () -> new StoreConfig(null, null, null, null, null, null, null, null));
        login = Objects.requireNonNullElseGet(login, () -> new LoginConfig(null, null, null));
        zendesk = Objects.requireNonNullElseGet(zendesk, () -> new ZendeskConfig(null, null, null));
        sandbox = Objects.requireNonNullElseGet(sandbox, () -> new SandboxConfig(null, null, null));
        logging = Objects.requireNonNullElseGet(logging, () -> new LoggingConfig(null));
        limits = Objects.requireNonNullElseGet(limits, () -> new LimitsConfig(null, null, null, null));
        widgets = Objects.requireNonNullElseGet(widgets, () -> new WidgetsConfig(null, null, null, null, null, null, null, null));
    }

    void validate(Problems p, boolean sandboxAllowed) {
        server.validate(p.under("server"));
        admin.validate(p.under("admin"));
        store.validate(p.under("store"));
        login.validate(p.under("login"));
        zendesk.validate(p.under("zendesk"));
        if (livechat != null) livechat.validate(p.under("livechat"));
        sandbox.validate(p.under("sandbox"), sandboxAllowed, server);
        logging.validate(p.under("logging"));
        limits.validate(p.under("limits"));
        widgets.validate(p.under("widgets"));
    }
}

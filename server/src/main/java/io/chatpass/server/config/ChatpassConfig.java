package io.chatpass.server.config;

import java.util.List;
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
        admin = Objects.requireNonNullElseGet(admin, () -> new AdminConfig(null, null, null, null, null));
        store = Objects.requireNonNullElseGet(store, () -> new StoreConfig(null, null, null, null, null, null, null, null, null));
        login = Objects.requireNonNullElseGet(login, () -> new LoginConfig(null, null, null));
        zendesk = Objects.requireNonNullElseGet(zendesk, () -> new ZendeskConfig(null, null, null));
        sandbox = Objects.requireNonNullElseGet(sandbox, () -> new SandboxConfig(null, null, null));
        logging = Objects.requireNonNullElseGet(logging, () -> new LoggingConfig(null, null));
        limits = Objects.requireNonNullElseGet(limits, () -> new LimitsConfig(null, null, null, null));
        widgets = Objects.requireNonNullElseGet(widgets, () -> new WidgetsConfig(null, null, null, null, null, null, null, null));
    }

    /**
     * The vendors configured here that sign the email or key conversations on it, so that an email the login did not
     * verify is refused (422 login_email_unverified) instead of being vouched for.
     */
    public java.util.List<String> vendorsNeedingVerifiedEmail() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (zendesk.chat() != null) out.add("zendesk chat");
        if (widgets.crisp() != null) out.add("crisp");
        if (widgets.helpscout() != null) out.add("helpscout");
        if (widgets.front() != null) out.add("front");
        if (widgets.hubspot() != null) out.add("hubspot");
        return out;
    }

    /**
     * Advice that is no error: each login that may not say its emails are verified, while vendors that need a verified
     * email are configured. check-config prints these; serve logs them.
     */
    public java.util.List<String> notices() {
        java.util.List<String> vendors = vendorsNeedingVerifiedEmail();
        java.util.List<String> out = new java.util.ArrayList<>();
        if (vendors.isEmpty() || sandbox.enabled()) return out; // the demo's sandbox login marks its emails verified
        for (int i = 0; i < login.verifiers().size(); i++) {
            VerifierConfig v = login.verifiers().get(i);
            if (v == null || v.emailsVerified()) continue;
            String why = v.knownToLackEmailVerifiedClaim()
                    ? "its tokens carry no email_verified claim (Xsolla Login sends none)"
                    : "its tokens vouch for an email only with email_verified: true";
            out.add("login.verifiers[" + i + "] (" + v.name() + "): " + why + ", so " + String.join(", ", vendors)
                    + " will answer 422 login_email_unverified for its users' emails. If this login only issues tokens for"
                    + " verified addresses, set login.verifiers[" + i + "].emailsVerified: true");
        }
        return out;
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
        List<String> vendors = vendorsConfigured();
        if (login.verifiers().isEmpty() && !vendors.isEmpty()) {
            p.add("login.verifiers", "is empty, but vendors are configured (" + String.join(", ", vendors)
                    + "): no visitor could ever be verified, so every vendor route would answer 401",
                    "add the verifier of your site's login, e.g. - {name: site, preset: hmac, secret: ${file:login-secret}, issuer: my-site}");
        }
    }

    /** Every vendor this configuration turns on. */
    public List<String> vendorsConfigured() {
        List<String> out = new java.util.ArrayList<>();
        if (zendesk.chat() != null) out.add("zendesk.chat");
        if (zendesk.messaging() != null) out.add("zendesk.messaging");
        if (livechat != null) out.add("livechat");
        widgets.configuredNames().forEach(n -> out.add("widgets." + n));
        return out;
    }
}

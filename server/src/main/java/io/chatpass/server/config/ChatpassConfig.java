package io.chatpass.server.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole validated configuration. Immutable; built only by {@link ConfigLoader}, which fails the start
 * (naming the key and the fix) instead of repairing a bad value.
 */
public record ChatpassConfig(ServerConfig server, AdminConfig admin, StoreConfig store, LoginConfig login,
                             SandboxConfig sandbox, LoggingConfig logging, LimitsConfig limits,
                             @com.fasterxml.jackson.annotation.JsonIgnore Map<String, VendorSettings> vendors) {
    public ChatpassConfig {
        server = Objects.requireNonNullElseGet(server, ServerConfig::defaults);
        admin = Objects.requireNonNullElseGet(admin, () -> new AdminConfig(null, null, null, null, null));
        store = Objects.requireNonNullElseGet(store, () -> new StoreConfig(null, null, null, null, null, null, null, null, null));
        login = Objects.requireNonNullElseGet(login, () -> new LoginConfig(null, null, null));
        sandbox = Objects.requireNonNullElseGet(sandbox, () -> new SandboxConfig(null, null, null));
        logging = Objects.requireNonNullElseGet(logging, () -> new LoggingConfig(null, null));
        limits = Objects.requireNonNullElseGet(limits, () -> new LimitsConfig(null, null, null, null));
        vendors = vendors == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vendors));
    }

    /** The same configuration with these vendor sections (by section path, in the registry's order). */
    ChatpassConfig withVendors(Map<String, VendorSettings> sections) {
        return new ChatpassConfig(server, admin, store, login, sandbox, logging, limits, sections);
    }

    /** A vendor's settings, or null when its section is absent (the vendor is off). */
    public <S extends VendorSettings> S vendor(String section, Class<S> type) {
        return type.cast(vendors.get(section));
    }

    /** A vendor's settings by their type, or null when its section is absent. */
    public <S extends VendorSettings> S vendor(Class<S> type) {
        for (VendorSettings s : vendors.values()) if (type.isInstance(s)) return type.cast(s);
        return null;
    }

    /**
     * The vendors configured here that sign the email or key conversations on it, so that an email the login did not
     * verify is refused (422 login_email_unverified) instead of being vouched for.
     */
    public java.util.List<String> vendorsNeedingVerifiedEmail() {
        java.util.List<String> out = new java.util.ArrayList<>();
        vendors.values().forEach(v -> out.addAll(v.refusingUnverifiedEmail()));
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
        sandbox.validate(p.under("sandbox"), sandboxAllowed, server);
        logging.validate(p.under("logging"));
        limits.validate(p.under("limits"));
        vendors.forEach((section, settings) -> settings.validate(p.under(section)));
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
        vendors.forEach((section, settings) -> out.addAll(settings.productsOn(section)));
        return out;
    }
}

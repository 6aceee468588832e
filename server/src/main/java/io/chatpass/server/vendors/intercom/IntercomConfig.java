package io.chatpass.server.vendors.intercom;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.Objects;

/** Intercom's section: mode jwt (Messenger Security, the default) or hmac (identity verification, deprecated by Intercom). */
public record IntercomConfig(String mode, Secret secret, Integer lifetimeSeconds) implements VendorSettings {
    public IntercomConfig {
        mode = Objects.requireNonNullElse(mode, "jwt");
        lifetimeSeconds = Objects.requireNonNullElse(lifetimeSeconds, (int) SecretRules.DEFAULT_LIFETIME.toSeconds());
    }

    public boolean jwt() {
        return mode.equals("jwt");
    }

    @Override
    public void validate(Problems i) {
        if (!mode.equals("jwt") && !mode.equals("hmac")) {
            i.add("mode", "must be jwt or hmac, not '" + mode + "'", "jwt is Messenger Security (recommended); hmac is the older identity verification");
        }
        if (jwt()) {
            SecretRules.jwtSecret(i, "secret", secret, "the Messenger API secret (Settings > Security > Messenger)");
        } else {
            SecretRules.vendorSecret(i, "secret", secret, "the identity verification secret for web");
        }
        SecretRules.lifetime(i, lifetimeSeconds);
    }
}

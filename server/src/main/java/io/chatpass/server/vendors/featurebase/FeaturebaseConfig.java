package io.chatpass.server.vendors.featurebase;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.Objects;

/** Featurebase Messenger's section: the JWT secret (Settings > Security) and the lifetime of the tokens. */
public record FeaturebaseConfig(Secret secret, Integer lifetimeSeconds) implements VendorSettings {
    public FeaturebaseConfig {
        lifetimeSeconds = Objects.requireNonNullElse(lifetimeSeconds, (int) SecretRules.DEFAULT_LIFETIME.toSeconds());
    }

    @Override
    public void validate(Problems p) {
        SecretRules.jwtSecret(p, "secret", secret, "the JWT secret (Featurebase Settings > Security)");
        SecretRules.lifetime(p, lifetimeSeconds);
    }
}

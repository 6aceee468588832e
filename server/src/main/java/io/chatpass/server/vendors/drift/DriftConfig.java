package io.chatpass.server.vendors.drift;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.Objects;

/** Drift's section: the signed identities secret key, and the lifetime of the JWTs made with it. */
public record DriftConfig(Secret secret, Integer lifetimeSeconds) implements VendorSettings {
    public DriftConfig {
        lifetimeSeconds = Objects.requireNonNullElse(lifetimeSeconds, (int) SecretRules.DEFAULT_LIFETIME.toSeconds());
    }

    @Override
    public void validate(Problems d) {
        SecretRules.jwtSecret(d, "secret", secret, "the signed identities secret key (Settings > Widget > Security)");
        SecretRules.lifetime(d, lifetimeSeconds);
    }
}

package io.chatpass.server.vendors.kustomer;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;

/** Kustomer Chat's section: the chat secret (Settings > Security > Chat) that signs the login JWTs. */
public record KustomerConfig(Secret secret) implements VendorSettings {
    @Override
    public void validate(Problems p) {
        SecretRules.jwtSecret(p, "secret", secret, "the chat secret key (Settings > Security > Chat in Kustomer)");
    }
}

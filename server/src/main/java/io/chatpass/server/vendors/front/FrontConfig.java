package io.chatpass.server.vendors.front;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.List;

/** Front's section ({@code widgets.front}): the secret Front checks its HMAC with. */
public record FrontConfig(Secret secret) implements VendorSettings {
    @Override
    public void validate(Problems p) {
        SecretRules.vendorSecret(p, "secret", secret, "the chat channel's identity verification secret");
    }

    @Override
    public List<String> refusingUnverifiedEmail() {
        return List.of("front");
    }
}

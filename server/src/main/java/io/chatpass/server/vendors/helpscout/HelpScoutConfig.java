package io.chatpass.server.vendors.helpscout;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.List;

/** Help Scout's section ({@code widgets.helpscout}): the secret Help Scout checks its HMAC with. */
public record HelpScoutConfig(Secret secret) implements VendorSettings {
    @Override
    public void validate(Problems p) {
        SecretRules.vendorSecret(p, "secret", secret, "the Beacon's support history security key");
    }

    @Override
    public List<String> refusingUnverifiedEmail() {
        return List.of("helpscout");
    }
}

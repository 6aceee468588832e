package io.chatpass.server.vendors.tawkto;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.List;

/** Tawk.to's section ({@code widgets.tawkto}): the secret Tawk.to checks its HMAC with. */
public record TawktoConfig(Secret secret) implements VendorSettings {
    @Override
    public void validate(Problems p) {
        SecretRules.vendorSecret(p, "secret", secret, "the property's Secure Mode key (Administration > Overview > JavaScript API)");
    }
}

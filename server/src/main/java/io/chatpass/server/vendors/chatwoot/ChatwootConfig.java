package io.chatpass.server.vendors.chatwoot;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.List;

/** Chatwoot's section ({@code widgets.chatwoot}): the secret Chatwoot checks its HMAC with. */
public record ChatwootConfig(Secret secret) implements VendorSettings {
    @Override
    public void validate(Problems p) {
        SecretRules.vendorSecret(p, "secret", secret, "the inbox's HMAC token (Inbox settings > Configuration > Identity validation)");
    }
}

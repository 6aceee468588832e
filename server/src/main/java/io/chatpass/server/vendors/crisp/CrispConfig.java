package io.chatpass.server.vendors.crisp;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.List;

/** Crisp's section: the website's verify secret, and Chatpass's own secret for CRISP_TOKEN_ID (never Crisp's). */
public record CrispConfig(Secret verifySecret, Secret tokenIdSecret) implements VendorSettings {
    @Override
    public void validate(Problems c) {
        SecretRules.vendorSecret(c, "verifySecret", verifySecret, "the website's identity verification secret from Crisp");
        Secret t = tokenIdSecret;
        if (t == null) {
            c.add("tokenIdSecret", "is missing", "generate 32 random bytes (e.g. openssl rand -base64 32) and keep them: they make "
                    + "each user's CRISP_TOKEN_ID; a new secret starts new Crisp sessions for everyone");
        } else if (!t.isStrongHmacKey() || SecretRules.distinctBytes(t) < 8) {
            c.add("tokenIdSecret", "is too weak (" + t.length() + " bytes)", "use at least 32 random bytes, e.g. openssl rand -base64 32");
        } else if (t.equals(verifySecret)) {
            c.add("tokenIdSecret", "is the same as verifySecret, which Crisp also holds", "use a secret of Chatpass's own");
        }
    }

    @Override
    public List<String> refusingUnverifiedEmail() {
        return List.of("crisp");
    }
}

package io.chatpass.server.vendors.salesforce;

import io.chatpass.core.signing.SigningAlgorithm;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.Objects;
import java.util.Set;

/**
 * Salesforce Messaging for In-App and Web (enhanced chat), user verification: tokens signed with Chatpass's own key.
 *
 * @param issuer          the {@code iss} of every token; must equal the "JSON web key issuer" of the keyset in Salesforce
 * @param algorithm       RS256 (default) or RS512, the two Salesforce accepts
 * @param lifetimeSeconds the token's lifetime (default one hour, at most 24 hours)
 */
public record SalesforceConfig(String issuer, String algorithm, Integer lifetimeSeconds) implements VendorSettings {
    public SalesforceConfig {
        algorithm = Objects.requireNonNullElse(algorithm, "RS256");
        lifetimeSeconds = Objects.requireNonNullElse(lifetimeSeconds, (int) SecretRules.DEFAULT_LIFETIME.toSeconds());
    }

    public SigningAlgorithm alg() {
        return SigningAlgorithm.valueOf(algorithm);
    }

    @Override
    public Set<SigningAlgorithm> ownKeys() {
        return Set.of(alg());
    }

    @Override
    public void validate(Problems p) {
        SecretRules.issuer(p, "issuer", issuer, "the keyset's \"JSON web key issuer\" in Salesforce Setup (User Verification)");
        if (!algorithm.equals("RS256") && !algorithm.equals("RS512")) {
            p.add("algorithm", "must be RS256 or RS512, not '" + algorithm + "'", "Salesforce verifies RS256 and RS512 tokens only");
        }
        SecretRules.lifetime(p, lifetimeSeconds);
    }
}

package io.chatpass.server.vendors.dynamics365;

import io.chatpass.core.signing.SigningAlgorithm;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SecretRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Dynamics 365 Contact Center (Omnichannel) authenticated live chat: RS256 tokens signed with Chatpass's own key.
 *
 * @param issuer          the {@code iss} of every token
 * @param lifetimeSeconds the token's lifetime (default one hour, at most 24 hours)
 * @param context         context variables sent in {@code lwicontexts}: the workstream's variable name to the
 *                        verified value it takes ({@code id}, {@code email} (only when the login verified it) or
 *                        {@code name})
 */
public record Dynamics365Config(String issuer, Integer lifetimeSeconds, Map<String, String> context) implements VendorSettings {
    /** The values a context variable may take: what the login verified, nothing the request says. */
    public static final Set<String> CONTEXT_VALUES = Set.of("id", "email", "name");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

    public Dynamics365Config {
        lifetimeSeconds = Objects.requireNonNullElse(lifetimeSeconds, (int) SecretRules.DEFAULT_LIFETIME.toSeconds());
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    @Override
    public Set<SigningAlgorithm> ownKeys() {
        return Set.of(SigningAlgorithm.RS256);
    }

    @Override
    public void validate(Problems p) {
        SecretRules.issuer(p, "issuer", issuer, "the issuer your authentication setting expects (e.g. your site's domain)");
        SecretRules.lifetime(p, lifetimeSeconds);
        context.forEach((name, value) -> {
            if (!VARIABLE.matcher(name).matches()) {
                p.add("context." + name, "is not a context variable name", "use the variable's name as created in the workstream (letters, digits, _)");
            }
            if (value == null || !CONTEXT_VALUES.contains(value)) {
                p.add("context." + name, "must be id, email or name, not '" + value + "'", "a context variable takes a value the login verified");
            }
        });
    }
}

package io.chatpass.core.login;

import java.util.Objects;
import java.util.Set;

/**
 * Which claims of the login token give the site user's fields, and which must be present.
 * Defaults: id from {@code sub}, {@code email}, {@code name}, {@code email_verified}.
 */
public record ClaimMapping(String id, String email, String name, String emailVerified, Set<String> required) {
    public static final ClaimMapping DEFAULT = new ClaimMapping(null, null, null, null, null);

    public ClaimMapping {
        id = Objects.requireNonNullElse(id, "sub");
        email = Objects.requireNonNullElse(email, "email");
        name = Objects.requireNonNullElse(name, "name");
        emailVerified = Objects.requireNonNullElse(emailVerified, "email_verified");
        required = Set.copyOf(Objects.requireNonNullElse(required, Set.of()));
    }
}

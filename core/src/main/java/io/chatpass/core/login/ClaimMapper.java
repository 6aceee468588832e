package io.chatpass.core.login;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Turns verified claims into a SiteUser: the id and email must be well-formed ({@link IdentityText}), the name sane,
 * and the email counts as verified only as the login says ({@link #verified}).
 */
final class ClaimMapper {
    static final int MAX_NAME_LENGTH = 255;

    private ClaimMapper() {
    }

    static SiteUser map(JWTClaimsSet claims, VerifierSettings s) throws LoginFailure {
        ClaimMapping m = s.claims();
        for (String required : m.required()) {
            Object v = claims.getClaim(required);
            if (v == null || (v instanceof String str && str.isBlank())) {
                throw new LoginFailure(LoginFailure.Kind.CLAIM_MISSING, required, s.name() + ": required claim missing: " + required);
            }
        }
        Object rawId = claims.getClaim(m.id());
        String id = rawId instanceof String str ? str : rawId instanceof Number n ? n.toString() : null;
        if (id == null || id.isEmpty()) {
            throw new LoginFailure(LoginFailure.Kind.CLAIM_MISSING, m.id(), s.name() + ": id claim missing or empty: " + m.id());
        }
        id = s.userIdPrefix() + id;
        if (!IdentityText.isUserId(id)) {
            throw new LoginFailure(LoginFailure.Kind.CLAIM_INVALID, m.id(),
                    s.name() + ": id claim too long, or not well-formed Unicode, or has control characters");
        }
        String email = null;
        Object rawEmail = claims.getClaim(m.email());
        if (rawEmail != null) {
            if (!(rawEmail instanceof String e) || !IdentityText.isEmail(e)) {
                throw new LoginFailure(LoginFailure.Kind.CLAIM_INVALID, m.email(), s.name() + ": email claim is not a valid address");
            }
            email = e;
        }
        String name = null;
        if (claims.getClaim(m.name()) instanceof String n && !n.isBlank() && n.length() <= MAX_NAME_LENGTH
                && IdentityText.isWellFormed(n)) {
            name = n.strip();
        }
        return new SiteUser(id, email, name, email == null ? null : verified(claims.getClaim(m.emailVerified()), s),
                s.name(), claims.toJSONObject());
    }

    /**
     * Whether the login verified the email: the claim says true (a JSON true, or the string "true" some providers
     * send), or the verifier is configured for a login that only issues verified addresses and the claim does not say
     * false. Null when nothing says either way, which counts as not verified.
     */
    static Boolean verified(Object claim, VerifierSettings s) {
        Boolean said = claim instanceof Boolean b ? b : claim instanceof String str ? parse(str) : null;
        if (Boolean.FALSE.equals(said)) return false;
        if (Boolean.TRUE.equals(said) || s.emailsVerified()) return true;
        return null;
    }

    private static Boolean parse(String s) {
        return "true".equals(s) ? Boolean.TRUE : "false".equals(s) ? Boolean.FALSE : null;
    }
}

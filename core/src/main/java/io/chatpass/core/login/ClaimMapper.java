package io.chatpass.core.login;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.regex.Pattern;

/** Turns verified claims into a SiteUser: the id must be usable, the email plausible, the name sane. */
final class ClaimMapper {
    static final int MAX_ID_LENGTH = 255;
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_NAME_LENGTH = 255;
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@\\p{Cntrl}]+@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+$");

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
        if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new LoginFailure(LoginFailure.Kind.CLAIM_INVALID, m.id(), s.name() + ": id claim too long or has control characters");
        }
        String email = null;
        Object rawEmail = claims.getClaim(m.email());
        if (rawEmail != null) {
            if (!(rawEmail instanceof String e) || e.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(e).matches()) {
                throw new LoginFailure(LoginFailure.Kind.CLAIM_INVALID, m.email(), s.name() + ": email claim is not a valid address");
            }
            email = e;
        }
        String name = null;
        if (claims.getClaim(m.name()) instanceof String n && !n.isBlank() && n.length() <= MAX_NAME_LENGTH
                && n.chars().noneMatch(Character::isISOControl)) {
            name = n.strip();
        }
        if (name == null) name = email;
        Boolean verified = claims.getClaim(m.emailVerified()) instanceof Boolean b ? b : null;
        return new SiteUser(id, email, name, verified, s.name(), claims.toJSONObject());
    }
}

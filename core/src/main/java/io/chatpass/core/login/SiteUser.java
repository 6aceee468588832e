package io.chatpass.core.login;

import java.util.Map;

/**
 * A site user proven by a verified login token: the one identity model every vendor reads. Every identity field a
 * vendor token carries comes from here, never from request parameters, and what Chatpass vouches for is decided here:
 * <ul>
 *   <li>{@link #id()} and {@link #email()} are well-formed ({@link IdentityText}); the constructor refuses others;</li>
 *   <li>the email counts as the user's only when the login verified it ({@link #verifiedEmail()}): from the token's
 *       {@code email_verified} claim, or from a verifier configured for a login that only issues verified addresses.
 *       A vendor that signs or keys on the email takes it through {@link #requireVerifiedEmail}, one for which the
 *       email is an optional attribute through {@link #verifiedEmail()}; only a vendor whose token carries the
 *       flag itself, reads {@link #email()} with {@link #emailVerified()}.</li>
 * </ul>
 *
 * @param email         the email the login gave, verified or not (null when none)
 * @param name          the login's display name (null when none)
 * @param emailVerified whether the login verified the email (null when the token said nothing and no setting did)
 * @param verifier      the name of the verifier that accepted the token
 * @param claims        every claim of the verified token (for providers that map extra attributes)
 */
public record SiteUser(String id, String email, String name, Boolean emailVerified, String verifier,
                       Map<String, Object> claims) {
    public SiteUser {
        if (!IdentityText.isUserId(id)) throw new IllegalArgumentException("a site user id must be 1 to 255 well-formed characters");
        if (email != null && !IdentityText.isEmail(email)) throw new IllegalArgumentException("not a well-formed email address");
        claims = Map.copyOf(claims);
    }

    /** The email as this user's own, vouched for by the login; null when there is none or it is not verified. */
    public String verifiedEmail() {
        return Boolean.TRUE.equals(emailVerified) ? email : null;
    }

    /**
     * The verified email, for a vendor that signs it or keys its conversations on it.
     *
     * @throws LoginFailure CLAIM_MISSING without an email, EMAIL_UNVERIFIED when the login did not verify it
     */
    public String requireVerifiedEmail(String vendor) throws LoginFailure {
        if (email == null) {
            throw new LoginFailure(LoginFailure.Kind.CLAIM_MISSING, "email", vendor + ": the login has no email, which " + vendor + " needs");
        }
        if (!Boolean.TRUE.equals(emailVerified)) {
            throw new LoginFailure(LoginFailure.Kind.EMAIL_UNVERIFIED, "email", vendor + ": the login's email is not verified");
        }
        return email;
    }

    /** The name to show: the login's name, else the verified email; null when neither. */
    public String displayName() {
        return name != null ? name : verifiedEmail();
    }
}

package io.chatpass.core.login;

/**
 * A login token was refused, or could not be checked. {@link #reason()} is for the log only: it says precisely what
 * failed and never contains the token. The client is told only the {@link Kind} (and the claim, for claim errors).
 */
public final class LoginFailure extends Exception {
    public enum Kind {
        /** No token in the request. */
        MISSING,
        /** Bad signature, algorithm, time, issuer, audience, size, format... */
        INVALID,
        /** A required claim is absent or empty. */
        CLAIM_MISSING,
        /** A claim is present but unusable (malformed email, id with control characters, ...). */
        CLAIM_INVALID,
        /** The email is present, but the login did not verify it, and the vendor would be told it is the user's. */
        EMAIL_UNVERIFIED,
        /** The keys to check the token could not be fetched and none are cached. */
        KEYS_UNAVAILABLE
    }

    private final Kind kind;
    private final String claim;

    public LoginFailure(Kind kind, String reason) {
        this(kind, null, reason);
    }

    public LoginFailure(Kind kind, String claim, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
        this.claim = claim;
    }

    public Kind kind() {
        return kind;
    }

    /** The claim at fault, for CLAIM_MISSING, CLAIM_INVALID and EMAIL_UNVERIFIED. */
    public String claim() {
        return claim;
    }

    public String reason() {
        return getMessage();
    }
}

package io.chatpass.core.upstream;

/**
 * A vendor API call failed, or was not made: the one exception of the outbound kit, for every vendor.
 * <ul>
 *   <li>{@link Kind#UNAVAILABLE}: transient (timeouts, resets, 5xx, unreadable answers, a full bulkhead, an open
 *       breaker): worth retrying later;</li>
 *   <li>{@link Kind#REJECTED}: the vendor said no; {@link #family()} is the vendor's kind of error where it names one
 *       ({@code oauth_exception}), {@link #vendorCode()} what it said;</li>
 *   <li>{@link Kind#NOT_FOUND}: a 404 for the thing asked about;</li>
 *   <li>{@link Kind#CREDENTIAL_LOST}: the credential stored for this user (a vendor session) is no longer accepted;
 *       the caller may start a new one;</li>
 *   <li>{@link Kind#LIMITED}: this user caused more vendor calls than allowed; nothing was called
 *       ({@link #retryAfterSeconds()}).</li>
 * </ul>
 * Messages never carry credentials.
 */
public final class UpstreamException extends Exception {
    public enum Kind { UNAVAILABLE, REJECTED, NOT_FOUND, CREDENTIAL_LOST, LIMITED }

    private final Kind kind;
    private final String family;
    private final String vendorCode;
    private final long retryAfterSeconds;

    public UpstreamException(Kind kind, String vendorCode, String message) {
        this(kind, "http", vendorCode, message, 0);
    }

    /** @param family the vendor's kind of error ({@code oauth_exception}), or where it arose ({@code transport}) */
    public UpstreamException(Kind kind, String family, String vendorCode, String message) {
        this(kind, family, vendorCode, message, 0);
    }

    /** @param retryAfterSeconds for LIMITED: when the user may cause a call again */
    public UpstreamException(Kind kind, String family, String vendorCode, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.kind = kind;
        this.family = family;
        this.vendorCode = vendorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    public String family() {
        return family;
    }

    public String vendorCode() {
        return vendorCode;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

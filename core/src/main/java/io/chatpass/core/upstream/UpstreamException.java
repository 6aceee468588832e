package io.chatpass.core.upstream;

/**
 * A vendor API call failed. {@link Kind#UNAVAILABLE} is transient (timeouts, resets, 5xx, unreadable answers):
 * worth retrying later. {@link Kind#REJECTED} is the vendor saying no: {@link #vendorCode()} says what it said.
 * {@link Kind#NOT_FOUND} is a 404 for the thing asked about. Messages never carry credentials.
 */
public final class UpstreamException extends Exception {
    public enum Kind { UNAVAILABLE, REJECTED, NOT_FOUND }

    private final Kind kind;
    private final String vendorCode;

    public UpstreamException(Kind kind, String vendorCode, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.vendorCode = vendorCode;
    }

    public Kind kind() {
        return kind;
    }

    public String vendorCode() {
        return vendorCode;
    }
}

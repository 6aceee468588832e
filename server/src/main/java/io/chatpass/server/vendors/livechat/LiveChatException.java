package io.chatpass.server.vendors.livechat;

/**
 * A LiveChat call failed. TRANSIENT: worth retrying (server_error, temporarily_unavailable, timeouts, resets,
 * 5xx, unreadable bodies). IDENTITY_LOST: the stored cookies are no longer accepted. REJECTED: LiveChat said no
 * ({@link #family()} is {@code oauth_exception} or {@code identity_exception}, {@link #vendorCode()} its value).
 * Messages never carry cookies or tokens.
 */
public final class LiveChatException extends Exception {
    /** LIMITED: this user caused more LiveChat calls this minute than allowed; nothing was called. */
    public enum Kind { TRANSIENT, IDENTITY_LOST, REJECTED, LIMITED }

    private final Kind kind;
    private final String family;
    private final String vendorCode;
    private final long retryAfterSeconds;

    public LiveChatException(Kind kind, String family, String vendorCode, String message) {
        this(kind, family, vendorCode, message, 0);
    }

    /** @param retryAfterSeconds for LIMITED: when the user may cause a call again */
    public LiveChatException(Kind kind, String family, String vendorCode, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.kind = kind;
        this.family = family;
        this.vendorCode = vendorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
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
}

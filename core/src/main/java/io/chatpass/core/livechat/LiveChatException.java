package io.chatpass.core.livechat;

/**
 * A LiveChat call failed. TRANSIENT: worth retrying (server_error, temporarily_unavailable, timeouts, resets,
 * 5xx, unreadable bodies). IDENTITY_LOST: the stored cookies are no longer accepted. REJECTED: LiveChat said no
 * ({@link #family()} is {@code oauth_exception} or {@code identity_exception}, {@link #vendorCode()} its value).
 * Messages never carry cookies or tokens.
 */
public final class LiveChatException extends Exception {
    public enum Kind { TRANSIENT, IDENTITY_LOST, REJECTED }

    private final Kind kind;
    private final String family;
    private final String vendorCode;

    public LiveChatException(Kind kind, String family, String vendorCode, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.family = family;
        this.vendorCode = vendorCode;
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

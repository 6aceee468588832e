package io.chatpass.core.store;

/** Something broke in the store (not the caller's fault): answered as 500/503, logged with its cause. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

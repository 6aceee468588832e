package io.chatpass.server.limits;

/**
 * A request over its allowance: the web layer answers 429 rate_limited with Retry-After, on either request path.
 * Thrown by {@link RateLimits}; carries no stack trace (it is an answer, not a failure).
 */
public final class RateLimited extends RuntimeException {
    private final long retryAfterSeconds;

    RateLimited(long retryAfterSeconds) {
        super("rate limited", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the allowance has room for one more request (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

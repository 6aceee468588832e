package io.chatpass.server.vendors.hubspot;

import io.chatpass.core.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * HubSpot's visitor identification API as Chatpass calls it. Built with {@link #builder(Secret)}.
 *
 * @param apiRoot            {@code https://api.hubapi.com} unless a stand-in is used
 * @param privateAppToken    a private app token with scope {@code conversations.visitor_identification.tokens.create}
 * @param refreshAfter       a cached token older than this is replaced (HubSpot's tokens live 12 hours)
 * @param callTimeout        one upstream call
 * @param maxConcurrentCalls HubSpot calls in flight in this process; one more is refused at once (503), not queued
 */
public record HubSpotSettings(URI apiRoot, Secret privateAppToken, Duration refreshAfter, Duration callTimeout,
                              int maxConcurrentCalls) {
    public static final URI DEFAULT_API_ROOT = URI.create("https://api.hubapi.com");
    public static final String CREATE_PATH = "/visitor-identification/v3/tokens/create";
    /** HubSpot's documented token life. */
    public static final Duration TOKEN_LIFE = Duration.ofHours(12);
    /** A cached token is never handed out closer than this to the end of its life. */
    public static final Duration SAFETY_MARGIN = Duration.ofMinutes(10);

    public HubSpotSettings {
        apiRoot = URI.create(Objects.requireNonNullElse(apiRoot, DEFAULT_API_ROOT).toString().replaceAll("/+$", ""));
        Objects.requireNonNull(privateAppToken, "privateAppToken");
        refreshAfter = Objects.requireNonNullElse(refreshAfter, Duration.ofHours(11));
        callTimeout = Objects.requireNonNullElse(callTimeout, Duration.ofSeconds(3));
        if (refreshAfter.isNegative() || refreshAfter.compareTo(TOKEN_LIFE.minus(SAFETY_MARGIN)) > 0) {
            throw new IllegalArgumentException("refreshAfter must be between 0 and 11 h 50 min");
        }
        if (maxConcurrentCalls < 1) throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
    }

    public static Builder builder(Secret privateAppToken) {
        return new Builder(privateAppToken);
    }

    public static final class Builder {
        private final Secret privateAppToken;
        private URI apiRoot;
        private Duration refreshAfter;
        private Duration callTimeout;
        private int maxConcurrentCalls = 8;

        private Builder(Secret privateAppToken) {
            this.privateAppToken = privateAppToken;
        }

        public Builder apiRoot(URI v) {
            apiRoot = v;
            return this;
        }

        public Builder refreshAfter(Duration v) {
            refreshAfter = v;
            return this;
        }

        public Builder callTimeout(Duration v) {
            callTimeout = v;
            return this;
        }

        public Builder maxConcurrentCalls(int v) {
            maxConcurrentCalls = v;
            return this;
        }

        public HubSpotSettings build() {
            return new HubSpotSettings(apiRoot, privateAppToken, refreshAfter, callTimeout, maxConcurrentCalls);
        }
    }
}

package io.chatpass.server.vendors.hubspot;

import io.chatpass.core.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * HubSpot's visitor identification API as Chatpass calls it. Built with {@link #builder(Secret)}.
 *
 * @param apiRoot            {@code https://api.hubapi.com} unless a stand-in is used
 * @param apiVersion         the path's version: a dated one ({@link #DEFAULT_API_VERSION}) or {@code v3}, the legacy path
 * @param privateAppToken    a private app token with scope {@code conversations.visitor_identification.tokens.create}
 * @param refreshAfter       a cached token older than this is replaced (HubSpot's tokens live 12 hours)
 * @param callTimeout        one upstream call
 * @param maxConcurrentCalls HubSpot calls in flight in this process; one more is refused at once (503), not queued
 */
public record HubSpotSettings(URI apiRoot, String apiVersion, Secret privateAppToken, Duration refreshAfter, Duration callTimeout,
                              int maxConcurrentCalls) {
    public static final URI DEFAULT_API_ROOT = URI.create("https://api.hubapi.com");
    /** HubSpot's date-versioned API (the v3 path is listed as legacy since); {@code v3} stays selectable. */
    public static final String DEFAULT_API_VERSION = "2026-03";
    /** What {@code apiVersion} may be: a dated version (YYYY-MM) or the legacy v3. */
    public static final java.util.regex.Pattern API_VERSION = java.util.regex.Pattern.compile("v3|20\\d\\d-(0[1-9]|1[0-2])");
    /** HubSpot's documented token life. */
    public static final Duration TOKEN_LIFE = Duration.ofHours(12);
    /** A cached token is never handed out closer than this to the end of its life. */
    public static final Duration SAFETY_MARGIN = Duration.ofMinutes(10);

    public HubSpotSettings {
        apiRoot = URI.create(Objects.requireNonNullElse(apiRoot, DEFAULT_API_ROOT).toString().replaceAll("/+$", ""));
        apiVersion = Objects.requireNonNullElse(apiVersion, DEFAULT_API_VERSION);
        if (!API_VERSION.matcher(apiVersion).matches()) throw new IllegalArgumentException("apiVersion must be v3 or YYYY-MM");
        Objects.requireNonNull(privateAppToken, "privateAppToken");
        refreshAfter = Objects.requireNonNullElse(refreshAfter, Duration.ofHours(11));
        callTimeout = Objects.requireNonNullElse(callTimeout, Duration.ofSeconds(3));
        if (refreshAfter.isNegative() || refreshAfter.compareTo(TOKEN_LIFE.minus(SAFETY_MARGIN)) > 0) {
            throw new IllegalArgumentException("refreshAfter must be between 0 and 11 h 50 min");
        }
        if (maxConcurrentCalls < 1) throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
    }

    /** The path that creates a visitor identification token, for this version. */
    public String createPath() {
        return "/visitor-identification/" + apiVersion + "/tokens/create";
    }

    public static Builder builder(Secret privateAppToken) {
        return new Builder(privateAppToken);
    }

    public static final class Builder {
        private final Secret privateAppToken;
        private URI apiRoot;
        private String apiVersion;
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

        public Builder apiVersion(String v) {
            apiVersion = v;
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
            return new HubSpotSettings(apiRoot, apiVersion, privateAppToken, refreshAfter, callTimeout, maxConcurrentCalls);
        }
    }
}

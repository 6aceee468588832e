package io.chatpass.server.vendors.livechat;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One LiveChat account as the broker talks to it. v2 sends {@code organization_id} to {@code /v2/customer/token};
 * v1 sends {@code license_id} to {@code /customer/token}. Built with {@link #builder(String, URI)}.
 *
 * @param refreshMargin      a cached token closer than this to its expiry is refreshed
 * @param callTimeout        one upstream call
 * @param deadline           all attempts of one request together, waiting for another caller's call included
 * @param maxConcurrentCalls upstream calls in flight at once in this process (the bulkhead); one more is refused at
 *                           once as a transient failure instead of queueing behind a slow LiveChat
 * @param freshReuse         a getFreshToken within this long of the user's last new token gets that token: callers
 *                           asking at once (tabs, devices, processes) share one upstream call
 * @param userCallsPerMinute upstream calls one user may cause per minute in this process; past it, 429
 */
public record LiveChatSettings(URI accountsBaseUrl, ApiVersion apiVersion, String clientId, String organizationId,
                               Long licenseId, URI redirectUri, Duration refreshMargin, Duration callTimeout,
                               Duration deadline, LostIdentityPolicy lostIdentityPolicy, int maxConcurrentCalls,
                               Duration freshReuse, int userCallsPerMinute) {
    public static final URI DEFAULT_ACCOUNTS = URI.create("https://accounts.livechat.com");
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 32;
    public static final Duration DEFAULT_FRESH_REUSE = Duration.ofSeconds(5);
    /** A new customer, a refresh, a few getFreshToken after reloads: far more than a person needs, far less than a flood. */
    public static final int DEFAULT_USER_CALLS_PER_MINUTE = 6;

    public enum ApiVersion { V1, V2 }

    /** What to do when LiveChat no longer accepts a user's stored identity. */
    public enum LostIdentityPolicy {
        /** Create a new customer (audited, counted): the user keeps chatting, without the old history. */
        RECREATE,
        /** Refuse with 502 upstream_rejected: an operator decides. */
        FAIL
    }

    public LiveChatSettings {
        accountsBaseUrl = URI.create(Objects.requireNonNullElse(accountsBaseUrl, DEFAULT_ACCOUNTS).toString().replaceAll("/+$", ""));
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        refreshMargin = Objects.requireNonNullElse(refreshMargin, Duration.ofMinutes(5));
        callTimeout = Objects.requireNonNullElse(callTimeout, Duration.ofSeconds(3));
        deadline = Objects.requireNonNullElse(deadline, Duration.ofSeconds(8));
        lostIdentityPolicy = Objects.requireNonNullElse(lostIdentityPolicy, LostIdentityPolicy.RECREATE);
        if (apiVersion == ApiVersion.V2 && organizationId == null) throw new IllegalArgumentException("v2 needs organizationId");
        if (apiVersion == ApiVersion.V1 && licenseId == null) throw new IllegalArgumentException("v1 needs licenseId");
        if (maxConcurrentCalls < 1) throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
        freshReuse = Objects.requireNonNullElse(freshReuse, DEFAULT_FRESH_REUSE);
        if (freshReuse.isNegative()) throw new IllegalArgumentException("freshReuse must not be negative");
        if (userCallsPerMinute < 1) throw new IllegalArgumentException("userCallsPerMinute must be at least 1");
    }

    /** Settings for the app {@code clientId}; name the account with {@link Builder#organization} or {@link Builder#license}. */
    public static Builder builder(String clientId, URI redirectUri) {
        return new Builder(clientId, redirectUri);
    }

    /** The key identities are stored under: one LiveChat account. */
    public String accountKey() {
        return apiVersion == ApiVersion.V2 ? "org:" + organizationId : "license:" + licenseId;
    }

    /** How long a per-user lease lives: longer than any holder's work, short enough to recover from a crash. */
    Duration leaseTtl() {
        return deadline.plus(callTimeout).plusSeconds(2);
    }

    URI tokenEndpoint() {
        return URI.create(accountsBaseUrl + (apiVersion == ApiVersion.V2 ? "/v2/customer/token" : "/customer/token"));
    }

    public static final class Builder {
        private final String clientId;
        private final URI redirectUri;
        private URI accountsBaseUrl;
        private ApiVersion apiVersion = ApiVersion.V2;
        private String organizationId;
        private Long licenseId;
        private Duration refreshMargin;
        private Duration callTimeout;
        private Duration deadline;
        private LostIdentityPolicy lostIdentityPolicy;
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private Duration freshReuse;
        private int userCallsPerMinute = DEFAULT_USER_CALLS_PER_MINUTE;

        private Builder(String clientId, URI redirectUri) {
            this.clientId = clientId;
            this.redirectUri = redirectUri;
        }

        public Builder accountsBaseUrl(URI v) {
            accountsBaseUrl = v;
            return this;
        }

        /** The v2 API, for this organization. */
        public Builder organization(String id) {
            apiVersion = ApiVersion.V2;
            organizationId = id;
            return this;
        }

        /** The v1 API, for this license. */
        public Builder license(long id) {
            apiVersion = ApiVersion.V1;
            licenseId = id;
            return this;
        }

        public Builder refreshMargin(Duration v) {
            refreshMargin = v;
            return this;
        }

        public Builder callTimeout(Duration v) {
            callTimeout = v;
            return this;
        }

        public Builder deadline(Duration v) {
            deadline = v;
            return this;
        }

        public Builder lostIdentityPolicy(LostIdentityPolicy v) {
            lostIdentityPolicy = v;
            return this;
        }

        public Builder maxConcurrentCalls(int v) {
            maxConcurrentCalls = v;
            return this;
        }

        public Builder freshReuse(Duration v) {
            freshReuse = v;
            return this;
        }

        public Builder userCallsPerMinute(int v) {
            userCallsPerMinute = v;
            return this;
        }

        public LiveChatSettings build() {
            return new LiveChatSettings(accountsBaseUrl, apiVersion, clientId, organizationId, licenseId, redirectUri,
                    refreshMargin, callTimeout, deadline, lostIdentityPolicy, maxConcurrentCalls, freshReuse, userCallsPerMinute);
        }
    }
}

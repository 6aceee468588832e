package io.chatpass.core.livechat;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One LiveChat account as the broker talks to it. v2 sends {@code organization_id} to {@code /v2/customer/token};
 * v1 sends {@code license_id} to {@code /customer/token}.
 *
 * @param refreshMargin a cached token closer than this to its expiry is refreshed
 * @param callTimeout   one upstream call
 * @param deadline      all attempts of one request together
 */
public record LiveChatSettings(URI accountsBaseUrl, ApiVersion apiVersion, String clientId, String organizationId,
                               Long licenseId, URI redirectUri, Duration refreshMargin, Duration callTimeout,
                               Duration deadline, LostIdentityPolicy lostIdentityPolicy) {
    public static final URI DEFAULT_ACCOUNTS = URI.create("https://accounts.livechat.com");

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
    }

    /** The key identities are stored under: one LiveChat account. */
    public String accountKey() {
        return apiVersion == ApiVersion.V2 ? "org:" + organizationId : "license:" + licenseId;
    }

    URI tokenEndpoint() {
        return URI.create(accountsBaseUrl + (apiVersion == ApiVersion.V2 ? "/v2/customer/token" : "/customer/token"));
    }
}

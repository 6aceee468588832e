package io.chatpass.server.vendors.livechat;

import io.chatpass.server.config.Problems;
import io.chatpass.server.config.Urls;
import io.chatpass.server.config.VendorSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * LiveChat Custom Identity Provider: the account, the app's client id and redirect URI, timing and policy.
 *
 * @param freshTokenReuseSeconds a getFreshToken within this long of the user's last new token gets that token
 * @param userCallsPerMinute     LiveChat calls one user may cause per minute in each server process (429 past it)
 */
public record LiveChatConfig(String accountsBaseUrl, String apiVersion, String clientId, String organizationId, Long licenseId,
                             String redirectUri, Integer refreshMarginSeconds, Integer timeoutMillis, Integer deadlineMillis,
                             String lostIdentity, Integer maxConcurrentCalls, Integer freshTokenReuseSeconds,
                             Integer userCallsPerMinute) implements VendorSettings {
    public LiveChatConfig {
        accountsBaseUrl = Objects.requireNonNullElse(accountsBaseUrl, LiveChatSettings.DEFAULT_ACCOUNTS.toString());
        apiVersion = Objects.requireNonNullElse(apiVersion, "v2");
        refreshMarginSeconds = Objects.requireNonNullElse(refreshMarginSeconds, 300);
        timeoutMillis = Objects.requireNonNullElse(timeoutMillis, 3000);
        deadlineMillis = Objects.requireNonNullElse(deadlineMillis, 8000);
        lostIdentity = Objects.requireNonNullElse(lostIdentity, "recreate");
        maxConcurrentCalls = Objects.requireNonNullElse(maxConcurrentCalls, LiveChatSettings.DEFAULT_MAX_CONCURRENT_CALLS);
        freshTokenReuseSeconds = Objects.requireNonNullElse(freshTokenReuseSeconds, (int) LiveChatSettings.DEFAULT_FRESH_REUSE.toSeconds());
        userCallsPerMinute = Objects.requireNonNullElse(userCallsPerMinute, LiveChatSettings.DEFAULT_USER_CALLS_PER_MINUTE);
    }

    @Override
    public void validate(Problems p) {
        Urls.checkSecretCarrier(p, "accountsBaseUrl", accountsBaseUrl);
        if (!apiVersion.equals("v2") && !apiVersion.equals("v1")) p.add("apiVersion", "must be v2 or v1, not '" + apiVersion + "'", "v2 is current");
        if (clientId == null || clientId.isBlank()) p.add("clientId", "is missing", "use the client id of your LiveChat app (Developer Console)");
        if (apiVersion.equals("v2") && (organizationId == null || organizationId.isBlank())) {
            p.add("organizationId", "is missing", "v2 needs the LiveChat organization id (a UUID)");
        }
        if (apiVersion.equals("v1") && (licenseId == null || licenseId <= 0)) p.add("licenseId", "is missing", "v1 needs the LiveChat license number");
        if (redirectUri == null) {
            p.add("redirectUri", "is missing", "give a URL on your app's redirect-URI whitelist, e.g. your site's origin");
        } else {
            Urls.checkHttpUrl(p, "redirectUri", redirectUri);
        }
        if (refreshMarginSeconds < 0 || refreshMarginSeconds > 3600) p.add("refreshMarginSeconds", "must be between 0 and 3600", "the default is 300");
        if (timeoutMillis < 100 || timeoutMillis > 30_000) p.add("timeoutMillis", "must be between 100 and 30000", "the default is 3000");
        if (deadlineMillis < timeoutMillis || deadlineMillis > 60_000) {
            p.add("deadlineMillis", "must be between timeoutMillis and 60000", "the default is 8000");
        }
        if (maxConcurrentCalls < 1 || maxConcurrentCalls > 1000) {
            p.add("maxConcurrentCalls", "must be between 1 and 1000", "the default is " + LiveChatSettings.DEFAULT_MAX_CONCURRENT_CALLS);
        }
        if (freshTokenReuseSeconds < 0 || freshTokenReuseSeconds > 60) {
            p.add("freshTokenReuseSeconds", "must be between 0 and 60", "the default is " + LiveChatSettings.DEFAULT_FRESH_REUSE.toSeconds());
        }
        if (userCallsPerMinute < 1 || userCallsPerMinute > 600) {
            p.add("userCallsPerMinute", "must be between 1 and 600", "the default is " + LiveChatSettings.DEFAULT_USER_CALLS_PER_MINUTE);
        }
        if (!lostIdentity.equals("recreate") && !lostIdentity.equals("fail")) {
            p.add("lostIdentity", "must be recreate or fail, not '" + lostIdentity + "'", "recreate keeps users chatting (without the lost history)");
        }
    }

    public LiveChatSettings settings() {
        var b = LiveChatSettings.builder(clientId, URI.create(redirectUri)).accountsBaseUrl(URI.create(accountsBaseUrl))
                .refreshMargin(Duration.ofSeconds(refreshMarginSeconds)).callTimeout(Duration.ofMillis(timeoutMillis))
                .deadline(Duration.ofMillis(deadlineMillis)).maxConcurrentCalls(maxConcurrentCalls)
                .freshReuse(Duration.ofSeconds(freshTokenReuseSeconds)).userCallsPerMinute(userCallsPerMinute)
                .lostIdentityPolicy(LiveChatSettings.LostIdentityPolicy.valueOf(lostIdentity.toUpperCase(Locale.ROOT)));
        return "v1".equals(apiVersion) ? b.license(licenseId).build() : b.organization(organizationId).build();
    }
}

package io.chatpass.server.vendors.hubspot;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.Urls;
import io.chatpass.server.config.VendorSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** HubSpot's section: the private app token that creates visitor identification tokens, and how they are cached. */
public record HubSpotConfig(String apiRoot, String apiVersion, Secret privateAppToken, Integer refreshAfterMinutes, Integer timeoutMillis,
                            Integer maxConcurrentCalls) implements VendorSettings {
    public HubSpotConfig {
        apiRoot = Objects.requireNonNullElse(apiRoot, HubSpotSettings.DEFAULT_API_ROOT.toString());
        apiVersion = Objects.requireNonNullElse(apiVersion, HubSpotSettings.DEFAULT_API_VERSION);
        refreshAfterMinutes = Objects.requireNonNullElse(refreshAfterMinutes, 660);
        timeoutMillis = Objects.requireNonNullElse(timeoutMillis, 3000);
        maxConcurrentCalls = Objects.requireNonNullElse(maxConcurrentCalls, 8);
    }

    public HubSpotSettings settings() {
        return HubSpotSettings.builder(privateAppToken).apiRoot(URI.create(apiRoot)).apiVersion(apiVersion)
                .refreshAfter(Duration.ofMinutes(refreshAfterMinutes)).callTimeout(Duration.ofMillis(timeoutMillis))
                .maxConcurrentCalls(maxConcurrentCalls).build();
    }

    @Override
    public void validate(Problems h) {
        Urls.checkSecretCarrier(h, "apiRoot", apiRoot);
        if (privateAppToken == null) {
            h.add("privateAppToken", "is missing", "give a private app token with scope "
                    + "conversations.visitor_identification.tokens.create, e.g. ${HUBSPOT_PRIVATE_APP_TOKEN}");
        }
        if (!HubSpotSettings.API_VERSION.matcher(apiVersion).matches()) {
            h.add("apiVersion", "must be a dated version (YYYY-MM) or v3, not '" + apiVersion + "'",
                    "the default " + HubSpotSettings.DEFAULT_API_VERSION + " is HubSpot's current path; v3 is the legacy one");
        }
        if (refreshAfterMinutes < 1 || refreshAfterMinutes > 710) {
            h.add("refreshAfterMinutes", "must be between 1 and 710", "HubSpot's tokens live 12 hours; the default 660 renews after 11");
        }
        if (timeoutMillis < 100 || timeoutMillis > 30_000) {
            h.add("timeoutMillis", "must be between 100 and 30000", "the default is 3000");
        }
        if (maxConcurrentCalls < 1 || maxConcurrentCalls > 1000) {
            h.add("maxConcurrentCalls", "must be between 1 and 1000", "the default is 8");
        }
    }

    @Override
    public List<String> refusingUnverifiedEmail() {
        return List.of("hubspot");
    }
}

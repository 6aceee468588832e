package io.chatpass.server.vendors.livechat;

import io.chatpass.core.upstream.Upstream;
import io.chatpass.core.upstream.UpstreamException;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.HttpCookie;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One call of LiveChat's customer cookie grant. Sends the stored {@code __lc_cid}/{@code __lc_cst} values as a
 * Cookie header (or none, for a new customer); reads rotated values from Set-Cookie; classifies errors by the
 * body's {@code oauth_exception}/{@code identity_exception} keys whatever the HTTP status, as the widget does.
 */
final class AccountsClient {
    static final Set<String> TRANSIENT_CODES = Set.of("server_error", "temporarily_unavailable");
    static final Set<String> LOST_CODES = Set.of("unauthorized", "identity_lost");

    record Grant(String accessToken, String entityId, long expiresInSeconds, String tokenType, String cst) {
        @Override
        public String toString() {
            return "Grant[entityId=" + entityId + "]";
        }
    }

    private final LiveChatSettings settings;
    /** No bulkhead of its own: the broker holds one around all attempts of a call (retries included). */
    private final Upstream upstream;

    AccountsClient(LiveChatSettings settings) {
        this.settings = settings;
        this.upstream = new Upstream("livechat", settings.callTimeout(), 0);
    }

    /** @param entityId and {@code cst}: the stored identity, or both null for a new customer */
    Grant grant(String entityId, String cst) throws UpstreamException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grant_type", "cookie");
        body.put("client_id", settings.clientId());
        body.put("response_type", "token");
        body.put("redirect_uri", settings.redirectUri().toString());
        if (settings.apiVersion() == LiveChatSettings.ApiVersion.V2) body.put("organization_id", settings.organizationId());
        else body.put("license_id", settings.licenseId());
        HttpRequest.Builder req = upstream.request(settings.tokenEndpoint())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)));
        if (entityId != null) req.header("Cookie", "__lc_cid=" + entityId + "; __lc_cst=" + cst);
        HttpResponse<String> r;
        try {
            r = upstream.send("POST", settings.tokenEndpoint(), req);
        } catch (UpstreamException e) {
            throw transientFailure(e.vendorCode(), "LiveChat accounts service: " + e.getMessage());
        }
        return parse(r.statusCode(), r.body(), r.headers().allValues("Set-Cookie"), entityId, cst);
    }

    /**
     * Reads LiveChat's answer: a grant, or the failure it means. Everything here is untrusted input; any answer
     * ends in a Grant or a UpstreamException, never another exception (fuzzed by AccountsAnswerFuzzTest).
     */
    static Grant parse(int status, String bodyText, List<String> setCookies, String entityId, String cst) throws UpstreamException {
        HttpResponseView r = new HttpResponseView(status, bodyText);
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(r.body());
        } catch (ParseException | RuntimeException e) {
            throw transientFailure("unreadable", "LiveChat answered HTTP " + r.statusCode() + " with a body that is not JSON");
        }
        // Found by fuzzing: the body "null" parses to no object at all.
        if (json == null) throw transientFailure("unreadable", "LiveChat answered HTTP " + r.statusCode() + " with a JSON null body");
        for (String family : List.of("identity_exception", "oauth_exception")) {
            if (json.get(family) instanceof String code) throw classify(family, code, entityId != null);
        }
        if (r.statusCode() >= 500) throw transientFailure("http_" + r.statusCode(), "LiveChat answered HTTP " + r.statusCode());
        if (r.statusCode() != 200 || !(json.get("access_token") instanceof String token) || !(json.get("entity_id") instanceof String entity)) {
            throw new UpstreamException(UpstreamException.Kind.REJECTED, "http", "http_" + r.statusCode(),
                    "LiveChat answered HTTP " + r.statusCode() + " without a token");
        }
        if (entityId != null && !entityId.equals(entity)) {
            throw new UpstreamException(UpstreamException.Kind.REJECTED, "identity_exception", "entity_id_mismatch",
                    "LiveChat answered for another customer than the stored one");
        }
        long expiresIn = json.get("expires_in") instanceof Number n ? n.longValue() : 28_800;
        String tokenType = json.get("token_type") instanceof String t ? t : "Bearer";
        String cid = entity;
        String newCst = cst;
        for (String header : setCookies) {
            for (HttpCookie c : parse(header)) {
                if ("__lc_cid".equals(c.getName())) cid = c.getValue();
                if ("__lc_cst".equals(c.getName())) newCst = c.getValue();
            }
        }
        if (!entity.equals(cid)) {
            throw new UpstreamException(UpstreamException.Kind.REJECTED, "identity_exception", "entity_id_mismatch",
                    "LiveChat's cookie names another customer than its body");
        }
        if (newCst == null) {
            throw new UpstreamException(UpstreamException.Kind.REJECTED, "identity_exception", "missing_secret",
                    "LiveChat created a customer without the __lc_cst cookie");
        }
        return new Grant(token, entity, expiresIn, tokenType, newCst);
    }

    private record HttpResponseView(int statusCode, String body) {
    }

    private static List<HttpCookie> parse(String header) {
        try {
            return HttpCookie.parse(header);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static UpstreamException classify(String family, String code, boolean hadIdentity) {
        if (TRANSIENT_CODES.contains(code)) {
            return new UpstreamException(UpstreamException.Kind.UNAVAILABLE, family, code, "LiveChat " + family + ": " + code);
        }
        if (hadIdentity && "identity_exception".equals(family) && LOST_CODES.contains(code)) {
            return new UpstreamException(UpstreamException.Kind.CREDENTIAL_LOST, family, code, "LiveChat no longer accepts the stored identity: " + code);
        }
        return new UpstreamException(UpstreamException.Kind.REJECTED, family, code, "LiveChat " + family + ": " + code);
    }

    private static UpstreamException transientFailure(String code, String message) {
        return new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "transport", code, message);
    }
}

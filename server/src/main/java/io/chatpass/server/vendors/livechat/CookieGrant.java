package io.chatpass.server.vendors.livechat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.server.web.Json;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

/**
 * LiveChat's customer cookie grant as the accounts service answers it (docs/vendor-contracts.md), written from the contract
 * and not from our client. It is the one implementation behind both stand-ins: the sandbox's, whose customers live
 * in the store and which the demo's broker calls, and the tests', whose customers live in memory and which scripts
 * faults in front of it. Transport and storage belong to the caller; this class decides the answer.
 */
public final class CookieGrant {
    /** Access token lifetime in seconds, LiveChat's default. */
    public static final long TOKEN_SECONDS = 28_800;
    /** Attributes of the cookies the real service sets (two years, renewed by every call). */
    public static final String LIVECHAT_COOKIE_ATTRIBUTES =
            "; Path=/v2/customer; Domain=accounts.livechat.com; Max-Age=63072000; HttpOnly; Secure; SameSite=None";

    /** Where the service keeps its customers: the entity id and its current cookie secret. */
    public interface Customers {
        /** The current secret of a customer, or empty when the service does not know it (any more). */
        Optional<String> secret(String entityId);

        /** Records a new customer, or a new secret for a known one. */
        void save(String entityId, String secret, boolean created);
    }

    /**
     * One call of the grant.
     *
     * @param body the request body as sent
     * @param cookieHeader the Cookie header, or null
     * @param hasOrigin whether the call carried an Origin header (it stands in for a missing redirect_uri)
     * @param v2 the v2 path (organization_id) rather than v1 (license_id)
     * @param rotate issue a new secret to an existing customer and stop accepting the old one
     */
    public record Call(String body, String cookieHeader, boolean hasOrigin, boolean v2, boolean rotate) {
    }

    /** The service's answer: a status, a JSON body, and the Set-Cookie values (only on success). */
    public record Answer(int status, Map<String, Object> body, List<String> setCookies) {
        public boolean granted() {
            return status == 200;
        }

        public String accessToken() {
            return (String) body.get("access_token");
        }

        public String entityId() {
            return (String) body.get("entity_id");
        }
    }

    private final Customers customers;
    private final String clientId;
    private final String cookieAttributes;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param clientId the one client id accepted, or null to accept any
     * @param cookieAttributes what follows {@code name=value} in each Set-Cookie
     */
    public CookieGrant(Customers customers, String clientId, String cookieAttributes) {
        this.customers = customers;
        this.clientId = clientId;
        this.cookieAttributes = cookieAttributes;
    }

    public Answer answer(Call call) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(call.body() == null ? "" : call.body());
        } catch (Exception e) {
            return oauthError("invalid_request");
        }
        if (body == null || !body.isObject()) return oauthError("invalid_request");
        if (!"cookie".equals(text(body, "grant_type"))) return oauthError("unsupported_grant_type");
        boolean accountNamed = call.v2() ? text(body, "organization_id") != null : body.path("license_id").isIntegralNumber();
        if (!"token".equals(text(body, "response_type")) || !accountNamed || text(body, "client_id") == null) {
            return oauthError("invalid_request");
        }
        if (clientId != null && !clientId.equals(text(body, "client_id"))) return oauthError("invalid_client");
        if (text(body, "redirect_uri") == null && !call.hasOrigin()) return oauthError("redirect_uri_not_set");

        Map<String, String> cookies = cookies(call.cookieHeader());
        String entity = cookies.get("__lc_cid");
        String secret;
        if (entity == null) {
            entity = UUID.randomUUID().toString();
            secret = newSecret();
            customers.save(entity, secret, true);
        } else {
            Optional<String> known = customers.secret(entity);
            String offered = cookies.get("__lc_cst");
            if (known.isEmpty() || offered == null
                    || !MessageDigest.isEqual(known.get().getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8))) {
                Map<String, Object> refused = new LinkedHashMap<>();
                refused.put("identity_exception", "unauthorized");
                refused.put("entity_id", entity);
                return new Answer(401, refused, List.of());
            }
            secret = known.get();
            if (call.rotate()) {
                secret = newSecret();
                customers.save(entity, secret, false);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", "dal:" + HexFormat.of().formatHex(bytes(24)));
        out.put("entity_id", entity);
        out.put("expires_in", TOKEN_SECONDS);
        out.put("token_type", "Bearer");
        if (call.v2()) out.put("organization_id", text(body, "organization_id"));
        else out.put("client_id", text(body, "client_id"));
        // Both cookies come back on every success, their lifetime renewed; the secret changes only on rotation.
        return new Answer(200, out, List.of("__lc_cid=" + entity + cookieAttributes, "__lc_cst=" + secret + cookieAttributes));
    }

    /** The name=value pairs of a Cookie header (empty for null). */
    public static Map<String, String> cookies(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null) return out;
        for (String part : header.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && !kv[0].isEmpty()) out.putIfAbsent(kv[0], kv[1]);
        }
        return out;
    }

    private String newSecret() {
        return HexFormat.of().formatHex(bytes(16));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue() : null;
    }

    private static Answer oauthError(String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("oauth_exception", code);
        body.put("exception_description", code.replace('_', ' '));
        return new Answer(400, body, List.of());
    }
}

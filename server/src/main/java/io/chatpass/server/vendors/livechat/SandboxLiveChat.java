package io.chatpass.server.vendors.livechat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.core.store.Jdbc;
import io.chatpass.server.sandbox.SandboxLimits;
import io.chatpass.server.sandbox.SandboxMessages;
import io.chatpass.server.web.Json;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The sandbox's LiveChat: the accounts service's customer cookie grant (v2 and v1, as providers.md gives it,
 * written from the contract and not from our client), and a minimal customer chat keyed by the customer's entity
 * id, reached with the customer access token. State is in the store, so a demo restart keeps every customer.
 */
final class SandboxLiveChat {
    static final long TOKEN_SECONDS = 28_800;
    private final Jdbc jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final String clientId;

    SandboxLiveChat(DataSource ds, Clock clock, String clientId) {
        this.jdbc = new Jdbc(ds);
        this.clock = clock;
        this.clientId = clientId;
    }

    void grant(Context ctx, boolean v2) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body());
        } catch (Exception e) {
            oauthError(ctx, 400, "invalid_request");
            return;
        }
        if (!"cookie".equals(text(body, "grant_type"))) {
            oauthError(ctx, 400, "unsupported_grant_type");
            return;
        }
        if (!"token".equals(text(body, "response_type")) || (v2 ? text(body, "organization_id") == null : !body.path("license_id").isNumber())) {
            oauthError(ctx, 400, "invalid_request");
            return;
        }
        if (clientId != null && !clientId.equals(text(body, "client_id"))) {
            oauthError(ctx, 400, "invalid_client");
            return;
        }
        if (text(body, "redirect_uri") == null && ctx.header("Origin") == null) {
            oauthError(ctx, 400, "redirect_uri_not_set");
            return;
        }
        String cid = ctx.cookie("__lc_cid");
        String cst = ctx.cookie("__lc_cst");
        String entity;
        if (cid == null) {
            entity = UUID.randomUUID().toString();
            cst = HexFormat.of().formatHex(bytes(16));
            jdbc.update("INSERT INTO sandbox_customers (entity_id, cst, created_at) VALUES (?, ?, ?)", entity, cst, clock.millis());
            SandboxLimits.trim(jdbc, "sandbox_customers", "created_at");
        } else {
            Optional<String> known = jdbc.one("SELECT cst FROM sandbox_customers WHERE entity_id = ?", rs -> rs.getString(1), cid);
            if (known.isEmpty() || !java.security.MessageDigest.isEqual(known.get().getBytes(), String.valueOf(cst).getBytes())) {
                ctx.status(401).json(Map.of("identity_exception", "unauthorized", "entity_id", cid));
                return;
            }
            entity = cid;
        }
        String token = "dal:" + HexFormat.of().formatHex(bytes(24));
        jdbc.update("DELETE FROM sandbox_tokens WHERE expires_at < ?", clock.millis());
        jdbc.update("INSERT INTO sandbox_tokens (token, entity_id, expires_at) VALUES (?, ?, ?)", token, entity,
                clock.millis() + TOKEN_SECONDS * 1000);
        SandboxLimits.trim(jdbc, "sandbox_tokens", "expires_at");
        String attrs = "; Path=/; Max-Age=63072000; HttpOnly; SameSite=Lax";
        ctx.res().addHeader("Set-Cookie", "__lc_cid=" + entity + attrs);
        ctx.res().addHeader("Set-Cookie", "__lc_cst=" + cst + attrs);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", token);
        out.put("entity_id", entity);
        out.put("expires_in", TOKEN_SECONDS);
        out.put("token_type", "Bearer");
        if (v2) out.put("organization_id", text(body, "organization_id"));
        else out.put("client_id", text(body, "client_id"));
        ctx.json(out);
    }

    /** The customer behind a Bearer access token, or a 401 answer. */
    private Optional<String> customer(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            ctx.status(401).json(Map.of("error", "authentication", "message", "customer access token required"));
            return Optional.empty();
        }
        Optional<String> entity = jdbc.one("SELECT entity_id FROM sandbox_tokens WHERE token = ? AND expires_at > ?",
                rs -> rs.getString(1), auth.substring(7), clock.millis());
        if (entity.isEmpty()) ctx.status(401).json(Map.of("error", "authentication", "message", "invalid or expired token"));
        return entity;
    }

    void listMessages(Context ctx) {
        customer(ctx).ifPresent(entity -> ctx.json(Map.of("entityId", entity, "messages", SandboxMessages.list(jdbc, "livechat:" + entity))));
    }

    void sendMessage(Context ctx) {
        Optional<String> entity = customer(ctx);
        if (entity.isEmpty()) return;
        String text = SandboxMessages.text(ctx);
        if (text == null) return;
        SandboxMessages.add(jdbc, clock, "livechat:" + entity.get(), "customer", text);
        ctx.status(201).json(Map.of("messages", SandboxMessages.list(jdbc, "livechat:" + entity.get())));
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

    private static void oauthError(Context ctx, int status, String code) {
        ctx.status(status).json(Map.of("oauth_exception", code, "exception_description", code.replace('_', ' ')));
    }

}

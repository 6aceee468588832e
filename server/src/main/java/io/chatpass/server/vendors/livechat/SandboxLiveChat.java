package io.chatpass.server.vendors.livechat;

import io.chatpass.core.store.Jdbc;
import io.chatpass.server.sandbox.SandboxLimits;
import io.chatpass.server.sandbox.SandboxMessages;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The sandbox's LiveChat: the accounts service's customer cookie grant (v2 and v1, {@link CookieGrant}, the same
 * implementation the tests' stand-in runs), and a minimal customer chat keyed by the customer's entity
 * id, reached with the customer access token. State is in the store, so a demo restart keeps every customer.
 */
final class SandboxLiveChat {
    /** Cookies for a loopback sandbox served over plain HTTP: the whole origin, no Secure flag. */
    private static final String COOKIE_ATTRIBUTES = "; Path=/; Max-Age=63072000; HttpOnly; SameSite=Lax";
    private final Jdbc jdbc;
    private final Clock clock;
    private final CookieGrant grant;

    SandboxLiveChat(DataSource ds, Clock clock, String clientId) {
        this.jdbc = new Jdbc(ds);
        this.clock = clock;
        this.grant = new CookieGrant(storedCustomers(), clientId, COOKIE_ATTRIBUTES);
    }

    void grant(Context ctx, boolean v2) {
        CookieGrant.Answer answer = grant.answer(new CookieGrant.Call(ctx.body(), ctx.header("Cookie"), ctx.header("Origin") != null, v2, false));
        if (answer.granted()) {
            jdbc.update("DELETE FROM sandbox_tokens WHERE expires_at < ?", clock.millis());
            jdbc.update("INSERT INTO sandbox_tokens (token, entity_id, expires_at) VALUES (?, ?, ?)", answer.accessToken(),
                    answer.entityId(), clock.millis() + CookieGrant.TOKEN_SECONDS * 1000);
            SandboxLimits.trim(jdbc, "sandbox_tokens", "expires_at");
            answer.setCookies().forEach(c -> ctx.res().addHeader("Set-Cookie", c));
        }
        ctx.status(answer.status()).json(answer.body());
    }

    /** The sandbox's customers, in the store so that a demo restart keeps them. */
    private CookieGrant.Customers storedCustomers() {
        return new CookieGrant.Customers() {
            @Override
            public Optional<String> secret(String entityId) {
                return jdbc.one("SELECT cst FROM sandbox_customers WHERE entity_id = ?", rs -> rs.getString(1), entityId);
            }

            @Override
            public void save(String entityId, String secret, boolean created) {
                if (created) {
                    jdbc.update("INSERT INTO sandbox_customers (entity_id, cst, created_at) VALUES (?, ?, ?)", entityId, secret, clock.millis());
                    SandboxLimits.trim(jdbc, "sandbox_customers", "created_at");
                } else {
                    jdbc.update("UPDATE sandbox_customers SET cst = ? WHERE entity_id = ?", secret, entityId);
                }
            }
        };
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

}

package io.chatpass.server.vendors.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import io.chatpass.core.store.Jdbc;
import io.chatpass.server.sandbox.SandboxLimits;
import io.chatpass.server.sandbox.SandboxMessages;
import io.chatpass.server.web.Json;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import com.github.benmanes.caffeine.cache.Caffeine;
import javax.sql.DataSource;

/**
 * The sandbox's Zendesk: checks Chat and Messaging tokens the way Zendesk documents (HS256 only; Chat: name,
 * email, external_id, exp at most 420 s after iat, iat within 2 minutes; Messaging: kid of a configured key,
 * scope "user", external_id), answers like the widget ({@code invalid_auth} / "Invalid JWT" on refusal), keeps
 * a conversation per external_id, and serves the visitors REST API for the admin look-up.
 */
final class SandboxZendesk {
    record Visitor(String id, String name, String email, String externalId, long created) {
    }

    private final ZendeskConfig config;
    private final Jdbc jdbc;
    private final Clock clock;
    // Bounded: the sandbox takes unauthenticated writes, so it keeps at most this many of each, oldest dropped.
    private final Map<String, Visitor> sessions = Caffeine.newBuilder().maximumSize(SandboxLimits.MAX_ENTRIES)
            .<String, Visitor>build().asMap();
    private final Map<String, Visitor> visitors = Caffeine.newBuilder().maximumSize(SandboxLimits.MAX_ENTRIES)
            .<String, Visitor>build().asMap();
    private final SecureRandom random = new SecureRandom();

    SandboxZendesk(ZendeskConfig config, DataSource ds, Clock clock) {
        this.config = config;
        this.jdbc = new Jdbc(ds);
        this.clock = clock;
    }

    void authenticateChat(Context ctx) {
        if (config.chat() == null) {
            refuse(ctx, "zendesk.chat is not configured");
            return;
        }
        verify(ctx, config.chat().secret(), false);
    }

    void loginMessaging(Context ctx) {
        if (config.messaging() == null) {
            refuse(ctx, "zendesk.messaging is not configured");
            return;
        }
        SignedJWT jwt = parse(ctx);
        if (jwt == null) return;
        String kid = jwt.getHeader().getKeyID();
        Secret secret = config.messaging().keys().stream().filter(k -> k.id().equals(kid)).map(ZendeskConfig.MessagingKey::secret)
                .findFirst().orElse(null);
        if (secret == null) {
            refuse(ctx, "unknown kid");
            return;
        }
        verify(ctx, secret, true);
    }

    private SignedJWT parse(Context ctx) {
        try {
            JsonNode body = Json.MAPPER.readTree(ctx.body());
            return SignedJWT.parse(body.path("jwt").asText());
        } catch (Exception e) {
            refuse(ctx, "not a JWT");
            return null;
        }
    }

    private void verify(Context ctx, Secret secret, boolean messaging) {
        SignedJWT jwt = parse(ctx);
        if (jwt == null) return;
        try {
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(secret.bytes()))) {
                refuse(ctx, "bad signature or algorithm");
                return;
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            long now = clock.instant().getEpochSecond();
            String externalId = c.getStringClaim("external_id");
            if (externalId == null) {
                refuse(ctx, "no external_id");
                return;
            }
            if (messaging) {
                if (!"user".equals(c.getStringClaim("scope"))) {
                    refuse(ctx, "scope is not user");
                    return;
                }
                if (c.getExpirationTime() != null && c.getExpirationTime().getTime() / 1000 <= now) {
                    refuse(ctx, "expired");
                    return;
                }
            } else {
                if (c.getIssueTime() == null || c.getExpirationTime() == null || c.getStringClaim("name") == null
                        || c.getStringClaim("email") == null) {
                    refuse(ctx, "missing claims");
                    return;
                }
                long iat = c.getIssueTime().getTime() / 1000;
                long exp = c.getExpirationTime().getTime() / 1000;
                if (exp - iat > 420 || Math.abs(iat - now) > 120 || exp <= now) {
                    refuse(ctx, "times out of bounds");
                    return;
                }
            }
            Visitor v = visitors.computeIfAbsent(externalId, id -> new Visitor("visitor-" + HexFormat.of().formatHex(bytes(6)),
                    null, null, id, clock.millis()));
            v = new Visitor(v.id(), c.getStringClaim("name"), c.getStringClaim("email"), externalId, v.created());
            visitors.put(externalId, v);
            String session = HexFormat.of().formatHex(bytes(16));
            sessions.put(session, v);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("session", session);
            out.put("visitor", view(v));
            ctx.json(out);
        } catch (JOSEException | ParseException e) {
            refuse(ctx, "unreadable");
        }
    }

    void listMessages(Context ctx) {
        Visitor v = session(ctx);
        if (v != null) ctx.json(Map.of("messages", SandboxMessages.list(jdbc, "zendesk:" + v.externalId())));
    }

    void sendMessage(Context ctx) {
        Visitor v = session(ctx);
        if (v == null) return;
        String text = SandboxMessages.text(ctx);
        if (text == null) return;
        SandboxMessages.add(jdbc, clock, "zendesk:" + v.externalId(), v.name() == null ? "visitor" : v.name(), text);
        ctx.status(201).json(Map.of("messages", SandboxMessages.list(jdbc, "zendesk:" + v.externalId())));
    }

    /** The Chat REST API's GET /visitors/{id}, with the configured OAuth token. */
    void visitor(Context ctx) {
        String auth = ctx.header("Authorization");
        boolean ok = config.visitors() != null && auth != null
                && java.security.MessageDigest.isEqual(auth.getBytes(), ("Bearer " + config.visitors().oauthToken().reveal()).getBytes());
        if (!ok) {
            ctx.status(401).json(Map.of("error", "invalid_token"));
            return;
        }
        String id = ctx.pathParam("id");
        visitors.values().stream().filter(v -> v.id().equals(id)).findFirst()
                .ifPresentOrElse(v -> ctx.json(view(v)), () -> ctx.status(404).json(Map.of("error", "not_found")));
    }

    private Visitor session(Context ctx) {
        Visitor v = sessions.get(String.valueOf(ctx.header("X-Sandbox-Session")));
        if (v == null) ctx.status(401).json(Map.of("code", "invalid_auth", "description", "No session"));
        return v;
    }

    private static Map<String, Object> view(Visitor v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("name", v.name());
        m.put("email", v.email());
        m.put("external_id", v.externalId());
        m.put("banned", false);
        m.put("notes", "");
        m.put("created", java.time.Instant.ofEpochMilli(v.created()).toString());
        return m;
    }

    private static void refuse(Context ctx, String why) {
        ctx.status(401).json(Map.of("code", "invalid_auth", "description", "Invalid JWT", "sandboxReason", why));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}

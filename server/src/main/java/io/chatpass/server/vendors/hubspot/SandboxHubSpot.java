package io.chatpass.server.vendors.hubspot;

import io.chatpass.core.Secret;
import io.chatpass.server.web.Json;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's visitor identification API in the sandbox, as HubSpot documents it, with tokens it can check again.
 * Stateless: its tokens are HMACs under a key made per process, so nothing here grows.
 */
final class SandboxHubSpot {
    private final HubSpotConfig config;
    private final Clock clock;
    private final byte[] key = new byte[32];

    SandboxHubSpot(HubSpotConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    /** POST /sandbox/hubspot/visitor-identification/{2026-03 or v3}/tokens/create. */
    void createToken(Context ctx) throws Exception {
        Secret expected = config == null ? null : config.privateAppToken();
        String auth = ctx.header("Authorization");
        if (expected == null || auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + expected.reveal()).getBytes(StandardCharsets.UTF_8))) {
            ctx.status(401).json(Map.of("status", "error", "category", "INVALID_AUTHENTICATION"));
            return;
        }
        String email = Json.MAPPER.readTree(ctx.body()).path("email").asText("");
        if (email.isEmpty()) {
            ctx.status(400).json(Map.of("status", "error", "category", "VALIDATION_ERROR"));
            return;
        }
        String head = Base64.getUrlEncoder().withoutPadding().encodeToString(email.getBytes(StandardCharsets.UTF_8))
                + "." + (clock.instant().getEpochSecond() + 12 * 3600);
        ctx.json(Map.of("token", head + "." + hex(head)));
    }

    /** Whether this stand-in issued the token for this email, and it has not expired. */
    boolean issued(String token, String email) {
        String[] p = token.split("\\.");
        if (p.length != 3) return false;
        try {
            return MessageDigest.isEqual(hex(p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII), p[2].getBytes(StandardCharsets.US_ASCII))
                    && new String(Base64.getUrlDecoder().decode(p[0]), StandardCharsets.UTF_8).equals(email)
                    && Long.parseLong(p[1]) > clock.instant().getEpochSecond();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String hex(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

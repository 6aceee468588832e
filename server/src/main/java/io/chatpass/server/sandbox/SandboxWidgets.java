package io.chatpass.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import io.chatpass.server.config.WidgetsConfig;
import io.chatpass.server.web.Json;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The vendors' side of the eight widget stand-ins in the demo: the check each vendor makes of what its widget was
 * given (lowercase hex HMAC-SHA256 with the secret's UTF-8 bytes over the value sent; HS256 JWTs), written from the
 * vendors' documentation, not from Chatpass's issuers; and a HubSpot visitor identification API whose tokens it can
 * check again. Stateless: its tokens are HMACs under a key made per process, so nothing here grows.
 */
final class SandboxWidgets {
    private final WidgetsConfig config;
    private final Clock clock;
    private final byte[] hubspotKey = new byte[32];

    SandboxWidgets(WidgetsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        new SecureRandom().nextBytes(hubspotKey);
    }

    private Secret secret(String vendor) {
        return switch (vendor) {
            case "intercom" -> config.intercom() == null ? null : config.intercom().secret();
            case "crisp" -> config.crisp() == null ? null : config.crisp().verifySecret();
            case "tawkto" -> config.tawkto() == null ? null : config.tawkto().secret();
            case "helpscout" -> config.helpscout() == null ? null : config.helpscout().secret();
            case "chatwoot" -> config.chatwoot() == null ? null : config.chatwoot().secret();
            case "front" -> config.front() == null ? null : config.front().secret();
            case "drift" -> config.drift() == null ? null : config.drift().secret();
            default -> null;
        };
    }

    /** POST /sandbox/widgets/check {vendor, kind: hmac|jwt|hubspot, message, signature, token, email}: {ok, claims?}. */
    void check(Context ctx) throws Exception {
        JsonNode b = Json.MAPPER.readTree(ctx.body());
        String kind = b.path("kind").asText();
        Map<String, Object> out = new LinkedHashMap<>();
        switch (kind) {
            case "hmac" -> {
                Secret s = secret(b.path("vendor").asText());
                out.put("ok", s != null && MessageDigest.isEqual(
                        hex(s.bytes(), b.path("message").asText()).getBytes(StandardCharsets.US_ASCII),
                        b.path("signature").asText().getBytes(StandardCharsets.US_ASCII)));
            }
            case "jwt" -> {
                Secret s = secret(b.path("vendor").asText());
                Map<String, Object> claims = null;
                try {
                    SignedJWT jwt = SignedJWT.parse(b.path("token").asText());
                    if (s != null && JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) && jwt.verify(new MACVerifier(s.bytes()))
                            && jwt.getJWTClaimsSet().getExpirationTime() != null
                            && jwt.getJWTClaimsSet().getExpirationTime().toInstant().isAfter(clock.instant())) {
                        claims = jwt.getJWTClaimsSet().toJSONObject();
                    }
                } catch (Exception e) {
                    claims = null;
                }
                out.put("ok", claims != null);
                out.put("claims", claims);
            }
            case "hubspot" -> out.put("ok", hubspotTokenFor(b.path("token").asText(), b.path("email").asText()));
            default -> {
                ctx.status(400).json(Map.of("error", "kind must be hmac, jwt or hubspot"));
                return;
            }
        }
        ctx.json(out);
    }

    /** POST /sandbox/hubspot/visitor-identification/v3/tokens/create, as HubSpot documents it. */
    void createHubSpotToken(Context ctx) throws Exception {
        Secret expected = config.hubspot() == null ? null : config.hubspot().privateAppToken();
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
        ctx.json(Map.of("token", head + "." + hex(hubspotKey, head)));
    }

    private boolean hubspotTokenFor(String token, String email) {
        String[] p = token.split("\\.");
        if (p.length != 3) return false;
        try {
            return MessageDigest.isEqual(hex(hubspotKey, p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII), p[2].getBytes(StandardCharsets.US_ASCII))
                    && new String(Base64.getUrlDecoder().decode(p[0]), StandardCharsets.UTF_8).equals(email)
                    && Long.parseLong(p[1]) > clock.instant().getEpochSecond();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String hex(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

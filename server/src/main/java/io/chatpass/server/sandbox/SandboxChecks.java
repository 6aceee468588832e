package io.chatpass.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.web.Json;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The vendors' side of the widget stand-ins in the demo: the check each vendor makes of what its widget was given
 * (lowercase hex HMAC-SHA256 with the secret's UTF-8 bytes over the value sent; HS256 JWTs), written from the
 * vendors' documentation, not from Chatpass's issuers, with the secrets the vendors hand over in their
 * {@code sandbox} step; and checks of other kinds a vendor adds (tokens the vendor's API issued).
 */
final class SandboxChecks implements SandboxContext.Checks {
    private final Clock clock;
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final Map<String, Predicate<JsonNode>> kinds = new ConcurrentHashMap<>();

    SandboxChecks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void signingSecret(String vendor, Secret secret) {
        secrets.put(vendor, secret);
    }

    @Override
    public void kind(String kind, Predicate<JsonNode> check) {
        kinds.put(kind, check);
    }

    private Secret secret(String vendor) {
        return secrets.get(vendor);
    }

    /** POST /sandbox/widgets/check {vendor, kind: hmac|jwt|another vendor's kind, message, signature, token, email}: {ok, claims?}. */
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
            default -> {
                Predicate<JsonNode> check = kinds.get(kind);
                if (check == null) {
                    ctx.status(400).json(Map.of("error", "kind must be hmac, jwt or one of " + new java.util.TreeSet<>(kinds.keySet())));
                    return;
                }
                out.put("ok", check.test(b));
            }
        }
        ctx.json(out);
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

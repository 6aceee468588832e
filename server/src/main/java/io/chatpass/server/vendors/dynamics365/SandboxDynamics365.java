package io.chatpass.server.vendors.dynamics365;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.server.web.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Dynamics 365's side of authenticated chat in the sandbox, written from Microsoft's description of the public key
 * URL rather than from the issuer: the document is either one PEM public key or {@code [{kid, publicKey (base64 of
 * a PEM), expiry}]}; the token's {@code kid} picks the key in the second form; RS256 only; {@code iss} equals the
 * configured issuer; {@code sub}, {@code iat} present; {@code exp} in the future; {@code lwicontexts}, when present,
 * a string holding a JSON object. Signatures checked with the JDK's own RSA, not the JOSE library Chatpass signs with.
 */
final class SandboxDynamics365 {
    private final Supplier<String> document;
    private final String issuer;
    private final Clock clock;

    SandboxDynamics365(Supplier<String> document, String issuer, Clock clock) {
        this.document = document;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The token's claims when Dynamics would accept it, else null. */
    Map<String, Object> claims(String token) {
        try {
            String[] parts = token.split("\\.", -1);
            if (parts.length != 3) return null;
            JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!"RS256".equals(header.path("alg").asText())) return null;
            PublicKey key = key(document.get(), header.path("kid").asText(null));
            if (key == null) return null;
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) return null;
            JsonNode c = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            long now = clock.instant().getEpochSecond();
            if (!issuer.equals(c.path("iss").asText()) || !c.path("sub").isTextual() || !c.path("iat").isNumber()
                    || !c.path("exp").isNumber() || c.path("exp").asLong() <= now) {
                return null;
            }
            if (c.has("lwicontexts") && !(c.get("lwicontexts").isTextual() && Json.MAPPER.readTree(c.get("lwicontexts").asText()).isObject())) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = Json.MAPPER.convertValue(c, Map.class);
            return claims;
        } catch (Exception e) {
            return null;
        }
    }

    private PublicKey key(String doc, String kid) throws Exception {
        String text = doc.strip();
        if (text.startsWith("-----BEGIN PUBLIC KEY-----")) return fromPem(text);
        if (kid == null) return null;
        for (JsonNode k : Json.MAPPER.readTree(text)) {
            if (kid.equals(k.path("kid").asText())) {
                if (k.path("expiry").asLong() <= clock.instant().getEpochSecond()) return null;
                return fromPem(new String(Base64.getDecoder().decode(k.path("publicKey").asText()), StandardCharsets.US_ASCII));
            }
        }
        return null;
    }

    private static PublicKey fromPem(String pem) throws Exception {
        String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }
}

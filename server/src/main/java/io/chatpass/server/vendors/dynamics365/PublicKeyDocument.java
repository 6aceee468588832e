package io.chatpass.server.vendors.dynamics365;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.X509CertUtils;
import io.chatpass.core.signing.SigningAlgorithm;
import io.chatpass.core.signing.SigningKeys;
import io.chatpass.server.web.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Dynamics 365 reads at the authentication setting's "Public key URL" (its own format, not a JWKS): with one
 * published RS256 key, that key as PEM text (SubjectPublicKeyInfo); with several (during a rotation), a JSON array
 * of {@code {kid, publicKey: base64 of the PEM text, expiry: epoch seconds}}, and tokens name their key with the
 * {@code kid} header. A key's expiry is when Chatpass stops publishing it, or its certificate's end for a key with
 * no end planned.
 */
final class PublicKeyDocument {
    /** The document and its content type; null when no RS256 key is published. */
    record Document(String contentType, String body) {
    }

    private PublicKeyDocument() {
    }

    static Document of(SigningKeys keys) {
        List<JWK> published = keys.published(SigningAlgorithm.RS256);
        if (published.isEmpty()) return null;
        if (published.size() == 1) return new Document("text/plain; charset=utf-8", pem(published.get(0)));
        Map<String, Long> unpublish = new LinkedHashMap<>();
        for (Map<String, Object> d : keys.describe()) {
            if (d.get("unpublishAt") instanceof String at) unpublish.put((String) d.get("kid"), Instant.parse(at).getEpochSecond());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JWK k : published) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kid", k.getKeyID());
            m.put("publicKey", Base64.getEncoder().encodeToString(pem(k).getBytes(StandardCharsets.US_ASCII)));
            m.put("expiry", unpublish.getOrDefault(k.getKeyID(), certificateEnd(k)));
            out.add(m);
        }
        return new Document("application/json", Json.write(out));
    }

    static String pem(JWK key) {
        try {
            byte[] spki = ((RSAKey) key).toRSAPublicKey().getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki)
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("published key " + key.getKeyID() + " is not an RSA public key", e);
        }
    }

    private static long certificateEnd(JWK key) {
        var chain = key.getX509CertChain();
        var cert = chain == null || chain.isEmpty() ? null : X509CertUtils.parse(chain.get(0).decode());
        if (cert == null) throw new IllegalStateException("published key " + key.getKeyID() + " has no certificate");
        return cert.getNotAfter().toInstant().getEpochSecond();
    }
}

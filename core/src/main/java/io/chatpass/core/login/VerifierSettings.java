package io.chatpass.core.login;

import com.nimbusds.jose.JWSAlgorithm;
import io.chatpass.core.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One way of verifying login tokens: an HMAC secret, or public keys (a JWKS URL, a JWKS file, or the JWKS an
 * OIDC issuer's discovery document names). The accepted algorithms are pinned here, never taken from the token.
 *
 * @param header      for an auth-proxy assertion: the request header carrying it (null for cookie/Bearer tokens)
 * @param keyIds      key ids that route a token to this verifier (optional)
 * @param exactClaims claims that must equal these values (e.g. xsolla_login_project_id)
 */
public record VerifierSettings(String name, Set<JWSAlgorithm> algorithms, Secret secret, URI jwksUrl, Path jwksFile,
                               boolean discover, String issuer, Set<String> audience, Map<String, Object> exactClaims,
                               List<String> keyIds, ClaimMapping claims, String header, Duration jwksCacheTtl,
                               Duration jwksRefetchMinInterval, Duration httpTimeout) {
    public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_JWKS_REFETCH_MIN_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(3);

    public VerifierSettings {
        Objects.requireNonNull(name, "name");
        algorithms = Set.copyOf(algorithms);
        audience = Set.copyOf(Objects.requireNonNullElse(audience, Set.of()));
        exactClaims = Map.copyOf(Objects.requireNonNullElse(exactClaims, Map.of()));
        keyIds = List.copyOf(Objects.requireNonNullElse(keyIds, List.of()));
        claims = Objects.requireNonNullElse(claims, ClaimMapping.DEFAULT);
        jwksCacheTtl = Objects.requireNonNullElse(jwksCacheTtl, DEFAULT_JWKS_CACHE_TTL);
        jwksRefetchMinInterval = Objects.requireNonNullElse(jwksRefetchMinInterval, DEFAULT_JWKS_REFETCH_MIN_INTERVAL);
        httpTimeout = Objects.requireNonNullElse(httpTimeout, DEFAULT_HTTP_TIMEOUT);
        if (algorithms.isEmpty()) throw new IllegalArgumentException(name + ": no algorithm configured");
        boolean hmac = algorithms.stream().allMatch(JWSAlgorithm.Family.HMAC_SHA::contains);
        boolean asym = algorithms.stream().noneMatch(JWSAlgorithm.Family.HMAC_SHA::contains);
        if (!hmac && !asym) throw new IllegalArgumentException(name + ": HMAC and public-key algorithms cannot be mixed");
        if (hmac && (secret == null || !secret.isStrongHmacKey())) {
            throw new IllegalArgumentException(name + ": an HMAC secret of at least 256 bits is required");
        }
        if (asym && jwksUrl == null && jwksFile == null && !discover) {
            throw new IllegalArgumentException(name + ": public-key algorithms need a JWKS URL, file or discovery");
        }
        if (asym && (issuer == null || audience.isEmpty())) {
            throw new IllegalArgumentException(name + ": public-key verifiers need an issuer and an audience");
        }
    }

    public boolean isHmac() {
        return secret != null;
    }
}

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
 * @param userIdPrefix put before the id claim to make the site user id (so two logins' "42" are two users); "" for none
 * @param emailsVerified the login only ever issues tokens for verified addresses, so an email counts as verified unless
 *                    the token's email_verified claim says false (off by default: then only a true claim counts)
 */
public record VerifierSettings(String name, Set<JWSAlgorithm> algorithms, Secret secret, URI jwksUrl, Path jwksFile,
                               boolean discover, String issuer, Set<String> audience, Map<String, Object> exactClaims,
                               List<String> keyIds, ClaimMapping claims, String header, Duration jwksCacheTtl,
                               Duration jwksRefetchMinInterval, Duration httpTimeout, String userIdPrefix,
                               boolean emailsVerified) {
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
        userIdPrefix = Objects.requireNonNullElse(userIdPrefix, "");
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

    /** A verifier named {@code name} accepting only {@code algorithms}; set the key source and checks on the builder. */
    public static Builder builder(String name, Set<JWSAlgorithm> algorithms) {
        return new Builder(name, algorithms);
    }

    public Builder toBuilder() {
        return new Builder(name, algorithms).secret(secret).jwksUrl(jwksUrl).jwksFile(jwksFile).discover(discover)
                .issuer(issuer).audience(audience).exactClaims(exactClaims).keyIds(keyIds).claims(claims).header(header)
                .jwksCacheTtl(jwksCacheTtl).jwksRefetchMinInterval(jwksRefetchMinInterval).httpTimeout(httpTimeout)
                .userIdPrefix(userIdPrefix).emailsVerified(emailsVerified);
    }

    public static final class Builder {
        private final String name;
        private final Set<JWSAlgorithm> algorithms;
        private Secret secret;
        private URI jwksUrl;
        private Path jwksFile;
        private boolean discover;
        private String issuer;
        private Set<String> audience;
        private Map<String, Object> exactClaims;
        private List<String> keyIds;
        private ClaimMapping claims;
        private String header;
        private Duration jwksCacheTtl;
        private Duration jwksRefetchMinInterval;
        private Duration httpTimeout;
        private String userIdPrefix;
        private boolean emailsVerified;

        private Builder(String name, Set<JWSAlgorithm> algorithms) {
            this.name = name;
            this.algorithms = algorithms;
        }

        public Builder secret(Secret v) { secret = v; return this; }
        public Builder jwksUrl(URI v) { jwksUrl = v; return this; }
        public Builder jwksFile(Path v) { jwksFile = v; return this; }
        public Builder discover(boolean v) { discover = v; return this; }
        public Builder issuer(String v) { issuer = v; return this; }
        public Builder audience(Set<String> v) { audience = v; return this; }
        public Builder exactClaims(Map<String, Object> v) { exactClaims = v; return this; }
        public Builder keyIds(List<String> v) { keyIds = v; return this; }
        public Builder claims(ClaimMapping v) { claims = v; return this; }
        public Builder header(String v) { header = v; return this; }
        public Builder jwksCacheTtl(Duration v) { jwksCacheTtl = v; return this; }
        public Builder jwksRefetchMinInterval(Duration v) { jwksRefetchMinInterval = v; return this; }
        public Builder httpTimeout(Duration v) { httpTimeout = v; return this; }
        public Builder userIdPrefix(String v) { userIdPrefix = v; return this; }
        public Builder emailsVerified(boolean v) { emailsVerified = v; return this; }

        public VerifierSettings build() {
            return new VerifierSettings(name, algorithms, secret, jwksUrl, jwksFile, discover, issuer, audience, exactClaims,
                    keyIds, claims, header, jwksCacheTtl, jwksRefetchMinInterval, httpTimeout, userIdPrefix, emailsVerified);
        }
    }
}

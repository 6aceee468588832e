package io.chatpass.server.config;

import com.nimbusds.jose.JWSAlgorithm;
import io.chatpass.core.Secret;
import io.chatpass.core.login.ClaimMapping;
import io.chatpass.core.login.VerifierSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One login verifier. Presets fill the usual values: {@code xsolla} (HS256 project secret, issuer
 * https://login.xsolla.com, project id required), {@code oidc} (issuer + audience, keys by discovery),
 * {@code hmac}, {@code jwks}, {@code proxy} (an auth-proxy assertion header, Pomerium's by default).
 *
 * <p>{@code emailsVerified: true} says the login only ever issues tokens for verified addresses (many never send an
 * {@code email_verified} claim: Xsolla Login does not). Off by default: then an email counts as the user's only when
 * the token's claim says true, and vendors that sign or key on the email refuse an unverified one.
 */
public record VerifierConfig(String name, String preset, Secret secret, List<String> algorithms, String issuer,
                             List<String> audience, String projectId, String jwksUrl, String jwksFile, Boolean discovery,
                             String header, List<String> keyIds, ClaimsConfig claims, List<String> requireClaims,
                             Map<String, String> requireValues, Integer jwksCacheSeconds, Integer jwksRefetchSeconds,
                             String userIdPrefix, Boolean emailsVerified) {
    public static final String XSOLLA_ISSUER = "https://login.xsolla.com";
    public static final String XSOLLA_PROJECT_CLAIM = "xsolla_login_project_id";
    public static final String POMERIUM_HEADER = "X-Pomerium-Jwt-Assertion";
    static final Set<String> PRESETS = Set.of("xsolla", "oidc", "hmac", "jwks", "proxy");

    public record ClaimsConfig(String id, String email, String name, String emailVerified) {
    }

    public VerifierConfig {
        audience = List.copyOf(Objects.requireNonNullElse(audience, List.of()));
        keyIds = List.copyOf(Objects.requireNonNullElse(keyIds, List.of()));
        requireClaims = List.copyOf(Objects.requireNonNullElse(requireClaims, List.of()));
        requireValues = Map.copyOf(Objects.requireNonNullElse(requireValues, Map.of()));
        jwksCacheSeconds = Objects.requireNonNullElse(jwksCacheSeconds, (int) VerifierSettings.DEFAULT_JWKS_CACHE_TTL.toSeconds());
        jwksRefetchSeconds = Objects.requireNonNullElse(jwksRefetchSeconds,
                (int) VerifierSettings.DEFAULT_JWKS_REFETCH_MIN_INTERVAL.toSeconds());
        emailsVerified = Objects.requireNonNullElse(emailsVerified, false);
    }

    /** True when this login's tokens carry no email_verified claim as far as Chatpass can tell from its preset. */
    public boolean knownToLackEmailVerifiedClaim() {
        return "xsolla".equals(preset) && !emailsVerified;
    }

    private boolean hmacPreset() {
        return "xsolla".equals(preset) || "hmac".equals(preset);
    }

    String effectiveIssuer() {
        return issuer == null && "xsolla".equals(preset) ? XSOLLA_ISSUER : issuer;
    }

    List<String> effectiveAlgorithms() {
        if (algorithms != null && !algorithms.isEmpty()) return algorithms;
        return switch (Objects.requireNonNullElse(preset, "")) {
            case "xsolla", "hmac" -> List.of("HS256");
            case "proxy" -> List.of("ES256");
            default -> List.of("RS256");
        };
    }

    void validate(Problems p) {
        if (name == null || !name.matches("[a-z0-9_-]{1,40}")) {
            p.add("name", "is missing or not a short lower-case name", "name it, e.g. 'xsolla' or 'auth0'");
        }
        if (preset == null || !PRESETS.contains(preset)) {
            p.add("preset", "must be one of " + new java.util.TreeSet<>(PRESETS) + ", not '" + preset + "'", "pick the kind of login you use");
            return;
        }
        for (String a : effectiveAlgorithms()) {
            JWSAlgorithm alg = JWSAlgorithm.parse(a);
            boolean known = JWSAlgorithm.Family.SIGNATURE.contains(alg) || JWSAlgorithm.Family.HMAC_SHA.contains(alg);
            if (!known) {
                p.add("algorithms", "has unknown algorithm '" + a + "'", "use HS256/384/512, RS*, PS*, ES* or EdDSA");
            } else if (hmacPreset() != JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
                p.add("algorithms", "has '" + a + "', which does not fit the '" + preset + "' preset",
                        hmacPreset() ? "HMAC presets take HS256, HS384 or HS512" : "public-key presets take RS*, PS*, ES* or EdDSA");
            }
        }
        if (hmacPreset()) {
            if (secret == null) {
                p.add("secret", "is missing", "give the login's HMAC secret, e.g. secret: ${LOGIN_SECRET}");
            } else if (!secret.isStrongHmacKey()) {
                p.add("secret", "is " + secret.length() + " bytes (" + secret.length() * 8 + " bits); an HMAC secret needs at least 256 bits (32 bytes)",
                        "use the full secret from your login provider, or a new one from `chatpass keys generate`");
            }
        } else if (secret != null) {
            p.add("secret", "is set on a public-key verifier", "remove it; public-key verifiers use jwksUrl, jwksFile or discovery");
        }
        if ("xsolla".equals(preset) && (projectId == null || projectId.isBlank())) {
            p.add("projectId", "is missing", "set the Xsolla Login project id; tokens of other projects are refused");
        }
        boolean discovers = "oidc".equals(preset) && jwksUrl == null && !Boolean.FALSE.equals(discovery);
        if (effectiveIssuer() != null && discovers) {
            // discovery fetches <issuer>/.well-known/openid-configuration, which names the keys: https only
            Urls.checkSecretCarrier(p, "issuer", effectiveIssuer());
        } else if (effectiveIssuer() != null && (effectiveIssuer().isBlank() || effectiveIssuer().length() > 2048
                || !io.chatpass.core.login.IdentityText.isWellFormed(effectiveIssuer()))) {
            p.add("issuer", "is blank, too long or holds control characters", "give the exact iss value your login puts in its tokens");
        }
        if (!hmacPreset()) {
            if (issuer == null) p.add("issuer", "is missing", "public-key verifiers must check the issuer (iss)");
            if (audience.isEmpty()) p.add("audience", "is missing", "public-key verifiers must check the audience (aud)");
            if (!"oidc".equals(preset) && jwksUrl == null && jwksFile == null) {
                p.add("jwksUrl", "is missing", "give jwksUrl (or jwksFile) for the '" + preset + "' preset");
            }
        }
        if (jwksUrl != null) Urls.checkSecretCarrier(p, "jwksUrl", jwksUrl);
        if (jwksFile != null && !Files.isReadable(Path.of(jwksFile))) {
            p.add("jwksFile", "cannot be read: " + jwksFile, "check the path");
        }
        if (userIdPrefix != null && !userIdPrefix.matches("[A-Za-z0-9_.:-]{1,20}")) {
            p.add("userIdPrefix", "must be 1 to 20 letters, digits or '_', '.', ':', '-'", "e.g. 'xsolla:'");
        }
        if (header != null && !"proxy".equals(preset)) p.add("header", "only applies to the 'proxy' preset", "remove it");
        if (jwksCacheSeconds < 10 || jwksCacheSeconds > 86_400) {
            p.add("jwksCacheSeconds", "must be between 10 and 86400", "the default is 600");
        }
        if (jwksRefetchSeconds < 1 || jwksRefetchSeconds > 3600) {
            p.add("jwksRefetchSeconds", "must be between 1 and 3600", "the default is 30");
        }
    }

    VerifierSettings toSettings() {
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        effectiveAlgorithms().forEach(a -> algs.add(JWSAlgorithm.parse(a)));
        Map<String, Object> exact = new HashMap<>(requireValues);
        if ("xsolla".equals(preset)) exact.put(XSOLLA_PROJECT_CLAIM, projectId);
        ClaimsConfig c = claims == null ? new ClaimsConfig(null, null, null, null) : claims;
        ClaimMapping mapping = new ClaimMapping(c.id(), c.email(), c.name(), c.emailVerified(), Set.copyOf(requireClaims));
        String hdr = "proxy".equals(preset) ? Objects.requireNonNullElse(header, POMERIUM_HEADER) : null;
        return VerifierSettings.builder(name, algs).secret(secret).jwksUrl(jwksUrl == null ? null : URI.create(jwksUrl))
                .jwksFile(jwksFile == null ? null : Path.of(jwksFile))
                .discover("oidc".equals(preset) && jwksUrl == null && !Boolean.FALSE.equals(discovery))
                .issuer(effectiveIssuer()).audience(Set.copyOf(audience)).exactClaims(exact).keyIds(keyIds).claims(mapping)
                .header(hdr).jwksCacheTtl(Duration.ofSeconds(jwksCacheSeconds)).jwksRefetchMinInterval(Duration.ofSeconds(jwksRefetchSeconds))
                .userIdPrefix(userIdPrefix).emailsVerified(emailsVerified).build();
    }
}

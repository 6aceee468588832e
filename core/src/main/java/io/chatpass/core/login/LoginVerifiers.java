package io.chatpass.core.login;

import io.chatpass.core.Hashing;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies site login tokens. A token is routed to exactly one verifier, by its {@code kid} or {@code iss} (read
 * before verification, used only to choose; the chosen verifier then checks everything), or by the proxy header
 * it came in; it is never tried against each verifier in turn. Tokens over 8 KiB are refused before parsing.
 *
 * <p>A verified token is remembered (by its exact text) until its expiry, so a page that calls several routes
 * with one token pays for the signature check once; a remembered token is still refused once expired.
 */
public final class LoginVerifiers {
    public static final int MAX_TOKEN_BYTES = 8 * 1024;
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);
    /**
     * What the verified-token memory may hold, by estimated bytes (token text, mapped user, claims). 8 MiB: at 32 MiB
     * it was the largest part of the live heap under 50,000 users, with the launcher's heap then 128 MiB (docs/benchmarks.md).
     */
    public static final long DEFAULT_MEMORY_BYTES = 8L * 1024 * 1024;

    private final Map<String, TokenVerifier> byKid = new HashMap<>();
    private final Map<String, TokenVerifier> byIssuer = new HashMap<>();
    private final Map<String, TokenVerifier> byHeader = new HashMap<>();
    private final TokenVerifier fallback;
    private final List<String> proxyHeaders;
    private boolean fetchesKeys;
    private final Clock clock;
    private final long leewayMillis;
    private final Cache<String, SiteUserWithExpiry> verified;
    private final boolean remember;
    private static final int DOORKEEPER_SLOTS = 1 << 18; // 2 MiB of longs
    private final java.util.concurrent.atomic.AtomicLongArray doorkeeper = new java.util.concurrent.atomic.AtomicLongArray(DOORKEEPER_SLOTS);

    private record SiteUserWithExpiry(SiteUser user, long expiresAtMillis) {
    }

    /** Parsed JWS headers by their Base64URL text (a site's tokens share a handful of headers). */
    private final Cache<String, JWSHeader> headers = Caffeine.newBuilder().maximumSize(256).build();

    private LoginVerifiers(List<TokenVerifier> verifiers, Clock clock, Duration leeway, long memoryBytes) {
        this.clock = clock;
        this.leewayMillis = leeway.toMillis();
        List<TokenVerifier> unrouted = new ArrayList<>();
        for (TokenVerifier v : verifiers) {
            VerifierSettings s = v.settings;
            if (s.header() != null) {
                put(byHeader, s.header().toLowerCase(Locale.ROOT), v, "header");
                continue;
            }
            s.keyIds().forEach(kid -> put(byKid, kid, v, "key id"));
            if (s.issuer() != null) put(byIssuer, s.issuer(), v, "issuer");
            if (s.issuer() == null && s.keyIds().isEmpty()) unrouted.add(v);
        }
        if (unrouted.size() > 1) {
            throw new IllegalArgumentException("more than one verifier has neither issuer nor key ids; give each an issuer");
        }
        this.fallback = unrouted.isEmpty() ? null : unrouted.get(0);
        this.proxyHeaders = List.copyOf(byHeader.keySet());
        this.remember = memoryBytes > 0;
        this.verified = Caffeine.newBuilder()
                .maximumWeight(memoryBytes)
                .weigher((String key, SiteUserWithExpiry v) -> weight(key))
                .expireAfterWrite(Duration.ofMinutes(10))
                .build();
    }

    private static void put(Map<String, TokenVerifier> map, String key, TokenVerifier v, String what) {
        TokenVerifier old = map.put(key, v);
        if (old != null) {
            throw new IllegalArgumentException("verifiers '" + old.settings.name() + "' and '" + v.settings.name()
                    + "' share the " + what + " '" + key + "'");
        }
    }

    /**
     * Estimated bytes one remembered token costs: its text as the key, and the claims decoded from it (at most the
     * payload's size again, in objects) plus the mapped user and entry overhead.
     */
    static int weight(String token) {
        return 3 * token.length() + 512;
    }

    /**
     * The doorkeeper: a direct-mapped table of token hashes. True when this token's hash already sat in its slot (the
     * token was verified before, or, rarely, another token collided: then it is remembered one sighting early).
     */
    private boolean seenBefore(String token) {
        long h = Hashing.hash64(0xcbf29ce484222325L, token); // FNV-1a's own offset basis: not seeded
        int slot = (int) (h >>> 40) & (DOORKEEPER_SLOTS - 1);
        if (doorkeeper.get(slot) == h) return true;
        doorkeeper.set(slot, h);
        return false;
    }

    /** Estimated bytes the verified-token memory holds now (for metrics). */
    public long rememberedBytes() {
        return verified.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    /** Tokens remembered now (for metrics). */
    public long rememberedTokens() {
        return verified.estimatedSize();
    }

    public static LoginVerifiers create(List<VerifierSettings> settings, Duration leeway, Clock clock) {
        return create(settings, leeway, clock, DEFAULT_MEMORY_BYTES);
    }

    /** @param memoryBytes what the verified-token memory may hold (0: every token is verified in full) */
    public static LoginVerifiers create(List<VerifierSettings> settings, Duration leeway, Clock clock, long memoryBytes) {
        List<TokenVerifier> verifiers = new ArrayList<>();
        for (VerifierSettings s : settings) {
            try {
                verifiers.add(new TokenVerifier(s, JwksSources.forSettings(s), clock, leeway));
            } catch (IOException | ParseException e) {
                throw new IllegalArgumentException(s.name() + ": cannot read the JWKS file: " + e.getMessage(), e);
            }
        }
        LoginVerifiers out = new LoginVerifiers(verifiers, clock, leeway, memoryBytes);
        out.fetchesKeys = settings.stream().anyMatch(s -> !s.isHmac() && s.jwksFile() == null);
        return out;
    }

    /** The request headers that carry auth-proxy assertions, in configuration order. */
    public List<String> proxyHeaders() {
        return proxyHeaders;
    }

    /** True when some verifier fetches its keys over the network (a JWKS URL or OIDC discovery): verifying can wait. */
    public boolean fetchesKeys() {
        return fetchesKeys;
    }

    public boolean isEmpty() {
        return byHeader.isEmpty() && byIssuer.isEmpty() && byKid.isEmpty() && fallback == null;
    }

    /**
     * @param token       the token text
     * @param proxyHeader the header it came in when it is an auth-proxy assertion, else null
     */
    public SiteUser verify(String token, String proxyHeader) throws LoginFailure {
        if (token == null || token.isBlank()) throw new LoginFailure(LoginFailure.Kind.MISSING, "no login token");
        if (token.length() > MAX_TOKEN_BYTES) {
            throw new LoginFailure(LoginFailure.Kind.INVALID, "token over " + MAX_TOKEN_BYTES + " bytes");
        }
        // Keyed by where the token came from too: a proxy assertion and a cookie are routed differently.
        String cacheKey = proxyHeader == null ? token : proxyHeader.toLowerCase(Locale.ROOT) + ' ' + token;
        SiteUserWithExpiry hit = verified.getIfPresent(cacheKey);
        if (hit != null) {
            if (clock.millis() < hit.expiresAtMillis() + leewayMillis) return hit.user();
            verified.invalidate(cacheKey);
            throw new LoginFailure(LoginFailure.Kind.INVALID, hit.user().verifier() + ": expired");
        }
        ParsedToken jwt = parse(token);
        TokenVerifier v = route(jwt, proxyHeader);
        JWTClaimsSet claims = v.verify(jwt);
        SiteUser user = ClaimMapper.map(claims, v.settings);
        // A token enters the memory on its second verification: one seen only once (most of a busy site's traffic
        // carries tokens never seen before) costs a hash-slot write, not a cache entry holding its claims.
        if (remember && seenBefore(cacheKey)) verified.put(cacheKey, new SiteUserWithExpiry(user, claims.getExpirationTime().getTime()));
        return user;
    }

    /**
     * Splits the token and reads its header and claims, nothing verified yet. The header is the same text on most
     * tokens of a site: its parsed form is kept (a bounded cache keyed by the exact Base64URL text), so a token costs
     * one JSON parse (its claims) instead of two.
     */
    private ParsedToken parse(String token) throws LoginFailure {
        Base64URL[] parts;
        try {
            parts = JOSEObject.split(token);
        } catch (ParseException e) {
            throw new LoginFailure(LoginFailure.Kind.INVALID, "malformed token: " + e.getMessage());
        }
        if (parts.length != 3) throw new LoginFailure(LoginFailure.Kind.INVALID, "not a signed JWS (alg none or encrypted)");
        String headerText = parts[0].toString();
        JWSHeader header = headers.getIfPresent(headerText);
        try {
            if (header == null) {
                header = JWSHeader.parse(parts[0]);
                headers.put(headerText, header);
            }
            // The JDK's Base64 (an intrinsic) rather than nimbus's decoder, which re-encodes the text first: that
            // showed at 3% of the token route's CPU. Stricter too: a character outside base64url is a refusal. The
            // JSON is read from the bytes (ClaimsJson), and nimbus checks and takes the claims from there.
            JWTClaimsSet claims = JWTClaimsSet.parse(ClaimsJson.read(java.util.Base64.getUrlDecoder().decode(parts[1].toString())));
            return new ParsedToken(token, parts, header, claims);
        } catch (ParseException e) {
            // alg none, a JWE header, or JSON that is no JWS header or claims set
            throw new LoginFailure(LoginFailure.Kind.INVALID, "malformed token: " + e.getMessage());
        } catch (RuntimeException e) {
            // Found by fuzzing: a header that is JSON null makes nimbus throw a NullPointerException. Whatever the
            // parser trips on, an unreadable token is a refusal, never a 500.
            throw new LoginFailure(LoginFailure.Kind.INVALID, "malformed token (" + e.getClass().getSimpleName() + ")");
        }
    }

    private TokenVerifier route(ParsedToken jwt, String proxyHeader) throws LoginFailure {
        if (proxyHeader != null) {
            TokenVerifier v = byHeader.get(proxyHeader.toLowerCase(Locale.ROOT));
            if (v == null) throw new LoginFailure(LoginFailure.Kind.INVALID, "no verifier for header " + proxyHeader);
            return v;
        }
        String kid = jwt.header().getKeyID();
        if (kid != null && byKid.containsKey(kid)) return byKid.get(kid);
        String iss;
        try {
            iss = jwt.claims().getIssuer();
        } catch (RuntimeException e) {
            throw new LoginFailure(LoginFailure.Kind.INVALID, "malformed claims (" + e.getClass().getSimpleName() + ")");
        }
        TokenVerifier v = iss == null ? null : byIssuer.get(iss);
        if (v != null) return v;
        if (fallback != null) return fallback;
        throw new LoginFailure(LoginFailure.Kind.INVALID, "no verifier for this token's issuer");
    }
}

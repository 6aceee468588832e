package io.chatpass.core.login;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where a verifier's keys come from. Remote JWKS use nimbus' source chain: cached, refreshed ahead of expiry in
 * the background, one rate-limited refetch when a token names an unknown key id, and cached keys kept through an
 * outage of the JWKS URL.
 */
final class JwksSources {
    static final Duration OUTAGE_TOLERANCE = Duration.ofHours(24);
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private JwksSources() {
    }

    static JWKSource<SecurityContext> forSettings(VerifierSettings s) throws IOException, ParseException {
        if (s.isHmac()) return new ImmutableSecret<>(s.secret().bytes());
        if (s.jwksFile() != null) return new ImmutableJWKSet<>(JWKSet.load(s.jwksFile().toFile()).toPublicJWKSet());
        if (s.jwksUrl() != null) {
            requireTrusted(s.name() + ": jwksUrl", s.jwksUrl());
            return remote(s.jwksUrl().toURL(), s);
        }
        requireTrusted(s.name() + ": the issuer (discovery)", URI.create(s.issuer()));
        return new Discovered(s);
    }

    /**
     * Keys decide who may sign in: they are fetched over https only (plain http only from a literal loopback address,
     * for stand-ins), so nobody on the network path can hand Chatpass their own keys.
     */
    private static void requireTrusted(String what, URI uri) {
        if (!io.chatpass.core.upstream.Upstream.isSecretCarrier(uri)) {
            throw new IllegalArgumentException(what + " must be https (plain http only to 127.0.0.1 or [::1])");
        }
    }

    static JWKSource<SecurityContext> remote(URL url, VerifierSettings s) {
        int timeout = (int) s.httpTimeout().toMillis();
        long ttl = s.jwksCacheTtl().toMillis();
        return JWKSourceBuilder.<SecurityContext>create(url, new TracedRetriever(timeout, MAX_JWKS_BYTES))
                // nimbus requires refresh-ahead + refresh timeout <= time to live
                .cache(ttl, Math.min(timeout, ttl / 3))
                .refreshAheadCache(Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, ttl / 3), true)
                .rateLimited(s.jwksRefetchMinInterval().toMillis())
                .retrying(true)
                .outageTolerant(OUTAGE_TOLERANCE.toMillis())
                .build();
    }

    /**
     * OIDC discovery: the issuer's openid-configuration names the jwks_uri. Resolved on first use (so a start
     * does not depend on the issuer being up) and kept once found; the document's issuer must be the configured one.
     */
    static final class Discovered implements JWKSource<SecurityContext> {
        private final VerifierSettings settings;
        private final io.chatpass.core.upstream.Upstream upstream;
        private volatile JWKSource<SecurityContext> delegate;
        private volatile long lastAttemptNanos;

        Discovered(VerifierSettings settings) {
            this.settings = settings;
            this.upstream = new io.chatpass.core.upstream.Upstream("oidc-discovery", settings.httpTimeout(), 2);
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            JWKSource<SecurityContext> d = delegate;
            if (d == null) d = discover();
            return d.get(selector, context);
        }

        private synchronized JWKSource<SecurityContext> discover() throws KeySourceException {
            if (delegate != null) return delegate;
            long now = System.nanoTime();
            if (lastAttemptNanos != 0 && now - lastAttemptNanos < settings.jwksRefetchMinInterval().toNanos()) {
                throw new KeySourceException("OIDC discovery failed recently; not retrying yet");
            }
            lastAttemptNanos = now;
            String issuer = settings.issuer();
            URI doc = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
            try {
                HttpResponse<String> r = upstream.send("GET", doc, upstream.request(doc).GET());
                if (r.statusCode() != 200) throw new KeySourceException("OIDC discovery answered HTTP " + r.statusCode());
                Map<String, Object> json = JSONObjectUtils.parse(r.body());
                if (!issuer.equals(json.get("issuer"))) {
                    throw new KeySourceException("OIDC discovery document names another issuer");
                }
                Object jwksUri = json.get("jwks_uri");
                if (!(jwksUri instanceof String u)) throw new KeySourceException("OIDC discovery document has no jwks_uri");
                if (!io.chatpass.core.upstream.Upstream.isSecretCarrier(URI.create(u))) {
                    throw new KeySourceException("OIDC discovery names a jwks_uri that is not https; its keys are not fetched");
                }
                delegate = remote(URI.create(u).toURL(), settings);
                return delegate;
            } catch (io.chatpass.core.upstream.UpstreamException e) {
                throw new KeySourceException("OIDC discovery failed: " + e.vendorCode(), e);
            } catch (IOException | ParseException | IllegalArgumentException e) {
                throw new KeySourceException("OIDC discovery failed: " + e.getClass().getSimpleName(), e);
            }
        }
    }

    /** Nimbus's retriever with each JWKS fetch traced as an upstream call ({@code traceparent} on the request). */
    static final class TracedRetriever extends DefaultResourceRetriever {
        TracedRetriever(int timeoutMillis, int maxBytes) {
            super(timeoutMillis, timeoutMillis, maxBytes);
        }

        @Override
        public com.nimbusds.jose.util.Resource retrieveResource(URL url) throws java.io.IOException {
            if (!io.chatpass.core.upstream.Telemetry.enabled()) return super.retrieveResource(url);
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            URI uri;
            try {
                uri = url.toURI();
            } catch (java.net.URISyntaxException e) {
                throw new java.io.IOException("not a URI: the JWKS URL", e);
            }
            try (var traced = io.chatpass.core.upstream.Telemetry.upstream("jwks", "GET", uri, headers::put)) {
                current.set(headers);
                try {
                    return super.retrieveResource(url);
                } catch (java.io.IOException e) {
                    traced.failed(e.getClass().getSimpleName());
                    throw e;
                } finally {
                    current.remove();
                }
            }
        }

        private static final ThreadLocal<java.util.Map<String, String>> current = new ThreadLocal<>();

        @Override
        protected java.net.HttpURLConnection openHTTPConnection(URL url) throws java.io.IOException {
            java.net.HttpURLConnection c = super.openHTTPConnection(url);
            java.util.Map<String, String> headers = current.get();
            if (headers != null) headers.forEach(c::setRequestProperty);
            return c;
        }
    }
}

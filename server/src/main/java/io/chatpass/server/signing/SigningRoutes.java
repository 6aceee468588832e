package io.chatpass.server.signing;

import io.chatpass.core.signing.SigningKeys;
import io.chatpass.server.web.Exchange;
import io.chatpass.server.web.Routes;
import java.time.Duration;

/**
 * Chatpass's public signing keys for verifiers that fetch them: {@code GET /.well-known/jwks.json}, every key
 * published now (kid, kty, use sig, alg, x5c; never a private part). Verifiers may cache it for {@link #CACHE_AGE}:
 * a rotation publishes the new key well before that long ahead of its first signature.
 */
public final class SigningRoutes {
    /** How long verifiers may cache the key set; `keys signing rotate` publishes ahead by more than this. */
    public static final Duration CACHE_AGE = Duration.ofMinutes(5);

    private final SigningKeys keys;

    public SigningRoutes(SigningKeys keys) {
        this.keys = keys;
    }

    public void install(Routes routes) {
        routes.get("/.well-known/jwks.json", this::jwks);
    }

    private void jwks(Exchange x) {
        x.header("Cache-Control", "public, max-age=" + CACHE_AGE.toSeconds())
                .text("application/jwk-set+json", keys.jwks().toString());
    }
}

package io.chatpass.server.vendor;

import io.chatpass.core.Secret;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.util.function.Predicate;
import javax.sql.DataSource;
import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.core.signing.SigningKeys;

/**
 * Where a vendor puts its sandbox stand-in: routes under {@code /sandbox/ID/} imitating the vendor's own API (plain
 * Javalin handlers: they play another server, not Chatpass), the store and clock, and the demo's shared check
 * ({@code POST /sandbox/widgets/check}) that verifies what a widget was given the way the vendor would, and the key
 * keys Chatpass publishes (what a vendor verifying with Chatpass's own keys fetches: /.well-known/jwks.json and the like).
 */
public record SandboxContext(JavalinConfig javalin, DataSource dataSource, Clock clock, Checks checks, SigningKeys signingKeys) {
    /** The demo's widget check, which vendors feed with what they would verify. */
    public interface Checks {
        /** The secret the vendor checks HMACs and HS256 tokens with (kinds hmac and jwt). */
        void signingSecret(String vendor, Secret secret);

        /** A check of another kind: true when the vendor would accept what the request body carries. */
        void kind(String kind, Predicate<JsonNode> check);
    }
}

package io.chatpass.server.vendors.zendesk;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A token id: 128 random bits, unique per token. It makes two tokens minted in the same second differ; it is
 * signed with the token, so it needs no secrecy, and ThreadLocalRandom avoids the shared SecureRandom's lock.
 */
final class Jti {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jti() {
    }

    static String next() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return B64.encodeToString(b);
    }
}

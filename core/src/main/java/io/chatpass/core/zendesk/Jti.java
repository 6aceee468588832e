package io.chatpass.core.zendesk;

import java.security.SecureRandom;
import java.util.Base64;

final class Jti {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jti() {
    }

    static String next() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }
}

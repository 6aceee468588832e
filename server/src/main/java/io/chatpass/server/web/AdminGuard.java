package io.chatpass.server.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards /admin/: the bearer token's SHA-256 is compared in constant time with the configured hash. Without a
 * configured hash the admin API does not exist (404), so an unconfigured server offers nothing to probe.
 */
public final class AdminGuard {
    private final byte[] tokenHash;

    /** @param tokenHash the configured SHA-256 of the admin token, or null to switch admin routes off */
    public AdminGuard(byte[] tokenHash) {
        this.tokenHash = tokenHash == null ? null : tokenHash.clone();
    }

    void check(Context ctx) {
        if (tokenHash == null) {
            throw new ProblemException(Problem.notFound("No such route."));
        }
        String auth = ctx.header("Authorization");
        byte[] presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? sha256(auth.substring(7).trim()) : new byte[32];
        if (!MessageDigest.isEqual(presented, tokenHash) || auth == null) {
            throw new ProblemException(401, "admin_token_invalid", "Admin token missing or invalid",
                    "Send Authorization: Bearer <admin token>.");
        }
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

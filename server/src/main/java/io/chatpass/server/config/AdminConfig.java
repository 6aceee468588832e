package io.chatpass.server.config;

import java.util.HexFormat;

/**
 * Admin API access: the SHA-256 (hex) of the admin bearer token. Without it, every admin route answers 404.
 * The token itself is never configured, so the config file cannot leak it.
 */
public record AdminConfig(String tokenSha256) {
    void validate(Problems p) {
        if (tokenSha256 == null) return;
        if (!tokenSha256.matches("[0-9a-fA-F]{64}")) {
            p.add("tokenSha256", "is not 64 hex characters", "put the hash printed by `chatpass keys generate`, not the token");
        }
    }

    public boolean enabled() {
        return tokenSha256 != null;
    }

    public byte[] tokenHash() {
        return HexFormat.of().parseHex(tokenSha256.toLowerCase(java.util.Locale.ROOT));
    }
}

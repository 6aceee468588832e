package io.chatpass.server.vendors.zendesk;

import java.time.Instant;

/** A freshly minted vendor token and when it stops being valid. The token is the one secret that may go to the browser. */
public record MintedToken(String token, Instant expiresAt) {
    @Override
    public String toString() {
        return "MintedToken[expiresAt=" + expiresAt + "]";
    }
}

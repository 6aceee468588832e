package io.chatpass.server.vendors.livechat;

/**
 * The Custom Identity Provider token object the LiveChat widget expects: {@code expiresIn} in milliseconds,
 * {@code creationDate} in epoch milliseconds (expired when now >= creationDate + expiresIn), and the account's
 * {@code licenseId} and/or {@code organizationId}. Never holds the {@code __lc_cst} secret.
 */
public record CustomerToken(String accessToken, String entityId, long expiresIn, String tokenType, long creationDate,
                            Long licenseId, String organizationId) {
    public long expiresAt() {
        return creationDate + expiresIn;
    }

    @Override
    public String toString() {
        return "CustomerToken[entityId=" + entityId + ", creationDate=" + creationDate + ", expiresIn=" + expiresIn + "]";
    }
}

package io.chatpass.core.users;

import java.time.Instant;

/** What the store knows of a site user: who they are, when seen, and whether they are blocked. */
public record SiteUserRecord(String id, String email, String name, Instant firstSeen, Instant lastSeen,
                             boolean blocked, Instant blockedAt, String blockReason) {
}

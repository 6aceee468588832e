package io.chatpass.core.users;

import java.time.Instant;

/** One audit log row: who (the operator's name, or cli), did what, to whom, when. */
public record AuditEntry(String id, Instant at, String actor, String action, String subject, String detail) {
}

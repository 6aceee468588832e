package io.chatpass.core.users;

import io.chatpass.core.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes audit rows with time-ordered ids: the millisecond and a per-process sequence first (so two actions in the same
 * millisecond keep their order when listed newest first), then random bits (so processes never collide).
 */
final class AuditLog {
    private static final AtomicLong LAST = new AtomicLong();

    private AuditLog() {
    }

    static String id(long atMillis) {
        long v = LAST.updateAndGet(prev -> Math.max(prev + 1, atMillis << 16));
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return String.format("%016x", v) + "-" + HexFormat.of().formatHex(random);
    }

    static void insert(Connection c, long at, String actor, String action, String subject, String detail) throws SQLException {
        Jdbc.update(c, "INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)",
                id(at), at, actor, action, subject, detail);
    }
}

package io.chatpass.server.sandbox;

import io.chatpass.core.store.Jdbc;

/** Bounds on the sandbox's state: it takes unauthenticated writes, so every table and map keeps only the latest rows. */
public final class SandboxLimits {
    public static final int MAX_ENTRIES = 10_000;
    public static final int MAX_MESSAGES_PER_CONVERSATION = 200;

    private SandboxLimits() {
    }

    /** Keeps the newest {@link #MAX_ENTRIES} rows of a sandbox table, by the given time column. */
    public static void trim(Jdbc jdbc, String table, String timeColumn) {
        long rows = jdbc.one("SELECT COUNT(*) FROM " + table, rs -> rs.getLong(1)).orElse(0L);
        if (rows <= MAX_ENTRIES) return;
        jdbc.update("DELETE FROM " + table + " WHERE " + timeColumn + " <= (SELECT " + timeColumn + " FROM " + table
                + " ORDER BY " + timeColumn + " DESC LIMIT 1 OFFSET " + MAX_ENTRIES + ")");
    }
}

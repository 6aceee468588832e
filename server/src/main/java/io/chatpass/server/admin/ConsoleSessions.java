package io.chatpass.server.admin;

import io.chatpass.core.store.Jdbc;
import io.chatpass.server.web.AdminGuard;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Admin console sessions, in the store so every server process knows them. The browser holds a random 256-bit id;
 * the store holds only its SHA-256, the operator's name, a CSRF token and when it was last used. A session unused
 * for the idle timeout is gone.
 */
final class ConsoleSessions {
    record Session(String operator, String csrf) {
    }

    record Created(String id, Session session) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TOUCH_EVERY_MILLIS = 15_000;
    private final Jdbc jdbc;
    private final Clock clock;
    private final Duration idle;

    ConsoleSessions(DataSource ds, Clock clock, Duration idle) {
        this.jdbc = new Jdbc(ds);
        this.clock = clock;
        this.idle = idle;
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String hash(String id) {
        return HexFormat.of().formatHex(AdminGuard.sha256(id));
    }

    Created create(String operator) {
        long now = clock.millis();
        jdbc.update("DELETE FROM admin_sessions WHERE last_seen < ?", now - idle.toMillis());
        String id = random();
        Session s = new Session(operator, random());
        jdbc.update("INSERT INTO admin_sessions (id_hash, operator, csrf, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
                hash(id), operator, s.csrf(), now, now);
        return new Created(id, s);
    }

    Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) return Optional.empty();
        long now = clock.millis();
        String h = hash(id);
        record Row(Session session, long lastSeen) {
        }
        Optional<Row> row = jdbc.one("SELECT operator, csrf, last_seen FROM admin_sessions WHERE id_hash = ?",
                rs -> new Row(new Session(rs.getString(1), rs.getString(2)), rs.getLong(3)), h);
        if (row.isEmpty()) return Optional.empty();
        if (row.get().lastSeen() + idle.toMillis() <= now) {
            jdbc.update("DELETE FROM admin_sessions WHERE id_hash = ?", h);
            return Optional.empty();
        }
        if (now - row.get().lastSeen() > TOUCH_EVERY_MILLIS) jdbc.update("UPDATE admin_sessions SET last_seen = ? WHERE id_hash = ?", now, h);
        return Optional.of(row.get().session());
    }

    void end(String id) {
        if (id != null) jdbc.update("DELETE FROM admin_sessions WHERE id_hash = ?", hash(id));
    }
}

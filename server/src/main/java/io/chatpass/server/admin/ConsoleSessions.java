package io.chatpass.server.admin;

import io.chatpass.core.store.Jdbc;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Admin console sessions, in the store so every server process knows them. The browser holds a random 256-bit id;
 * the store holds only its SHA-256, the operator's name and the SHA-256 of the token they signed in with, a CSRF
 * token, and when it was opened and last used. A session ends when it is unused for the idle timeout, when it is
 * older than the absolute lifetime, and when its operator's token is no longer configured (removed or replaced):
 * {@link #find} checks all three on every request.
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
    private final Duration lifetime;
    private final AdminGuard guard;

    /**
     * @param idle     a session unused this long ends
     * @param lifetime a session this old ends, however busy
     * @param guard    the operators configured now: a session whose operator token is not among them ends
     */
    ConsoleSessions(DataSource ds, Clock clock, Duration idle, Duration lifetime, AdminGuard guard) {
        this.jdbc = new Jdbc(ds);
        this.clock = clock;
        this.idle = idle;
        this.lifetime = lifetime;
        this.guard = guard;
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String hash(String id) {
        return HexFormat.of().formatHex(AdminGuard.sha256(id));
    }

    /** Opens a session for the operator who signed in with the token whose SHA-256 this is. */
    Created create(String operator, byte[] tokenSha256) {
        long now = clock.millis();
        jdbc.update("DELETE FROM admin_sessions WHERE last_seen < ? OR created_at < ?", now - idle.toMillis(), now - lifetime.toMillis());
        String id = random();
        Session s = new Session(operator, random());
        jdbc.update("INSERT INTO admin_sessions (id_hash, operator, csrf, created_at, last_seen, token_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                hash(id), operator, s.csrf(), now, now, HexFormat.of().formatHex(tokenSha256));
        return new Created(id, s);
    }

    Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) return Optional.empty();
        long now = clock.millis();
        String h = hash(id);
        record Row(Session session, String tokenSha256, long createdAt, long lastSeen) {
        }
        Optional<Row> row = jdbc.one("SELECT operator, csrf, token_sha256, created_at, last_seen FROM admin_sessions WHERE id_hash = ?",
                rs -> new Row(new Session(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getLong(4), rs.getLong(5)), h);
        if (row.isEmpty()) return Optional.empty();
        Row r = row.get();
        boolean live = r.lastSeen() + idle.toMillis() > now && r.createdAt() + lifetime.toMillis() > now
                && r.tokenSha256() != null && guard.holds(r.session().operator(), HexFormat.of().parseHex(r.tokenSha256()));
        if (!live) {
            jdbc.update("DELETE FROM admin_sessions WHERE id_hash = ?", h);
            return Optional.empty();
        }
        if (now - r.lastSeen() > TOUCH_EVERY_MILLIS) jdbc.update("UPDATE admin_sessions SET last_seen = ? WHERE id_hash = ?", now, h);
        return Optional.of(r.session());
    }

    void end(String id) {
        if (id != null) jdbc.update("DELETE FROM admin_sessions WHERE id_hash = ?", hash(id));
    }
}

package io.chatpass.core.users;

import io.chatpass.core.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * What an operator does with site users beyond blocking: find them, read the audit log, and answer data-subject
 * requests. {@link #export} gathers everything held about a user except secrets (GDPR article 15);
 * {@link #erase} deletes the user, their vendor identities and cached tokens in one transaction and replaces their
 * id in the audit log by a keyed pseudonym, so the log keeps its shape without naming them (article 17).
 */
public final class UserAdministration {
    /** One page of results, and whether there is another. */
    public record Page<T>(List<T> items, int page, int size, boolean more) {
    }

    /** Audit filters; any may be null. */
    public record AuditFilter(String subject, String action, String actor, Instant from, Instant to) {
    }

    private static final int MAX_PAGE = 200;
    private final DataSource ds;
    private final Jdbc jdbc;
    private final Clock clock;
    private final SecretKeySpec pseudonymKey;

    /** @param pseudonymKey the key of the audit log's pseudonyms (at least 32 bytes) */
    public UserAdministration(DataSource ds, Clock clock, byte[] pseudonymKey) {
        if (pseudonymKey.length < 32) throw new IllegalArgumentException("the pseudonym key needs at least 256 bits");
        this.ds = ds;
        this.jdbc = new Jdbc(ds);
        this.clock = clock;
        this.pseudonymKey = new SecretKeySpec(pseudonymKey, "HmacSHA256");
    }

    /** With the pseudonym key derived from the store's keyset, as the server and the command line both use it. */
    public static UserAdministration forKeyset(DataSource ds, Clock clock, io.chatpass.core.Secret keysetJson) {
        return new UserAdministration(ds, clock, io.chatpass.core.crypto.SecretBox.deriveKey(keysetJson, "audit-pseudonym/v1"));
    }

    /** Users whose id is the query, or whose id or email contains it (case-insensitive); the most recently seen first. */
    public Page<SiteUserRecord> search(String query, int page, int size) {
        int n = Math.max(1, Math.min(size, MAX_PAGE));
        int p = Math.max(0, page);
        List<SiteUserRecord> rows;
        if (query == null || query.isBlank()) {
            rows = jdbc.list("SELECT * FROM site_users ORDER BY last_seen DESC, id LIMIT ? OFFSET ?", SiteUsers::map,
                    n + 1, (long) p * n);
        } else {
            String like = "%" + query.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            rows = jdbc.list("""
                    SELECT * FROM site_users WHERE id = ? OR LOWER(id) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\'
                    ORDER BY last_seen DESC, id LIMIT ? OFFSET ?""", SiteUsers::map, query.strip(), like, like, n + 1, (long) p * n);
        }
        boolean more = rows.size() > n;
        return new Page<>(more ? rows.subList(0, n) : rows, p, n, more);
    }

    /** The vendors that hold something for this user in Chatpass's store, with their public ids only. */
    public List<Map<String, Object>> identities(String id) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.addAll(jdbc.list("""
                SELECT account, entity_id, created_at, updated_at, token_sealed IS NOT NULL FROM livechat_identities
                WHERE site_user_id = ? ORDER BY account""", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vendor", "livechat");
            m.put("account", rs.getString(1));
            m.put("customerId", rs.getString(2));
            m.put("createdAt", Instant.ofEpochMilli(rs.getLong(3)).toString());
            m.put("updatedAt", Instant.ofEpochMilli(rs.getLong(4)).toString());
            m.put("accessTokenCached", rs.getBoolean(5));
            return m;
        }, id));
        out.addAll(jdbc.list("SELECT email, created_at FROM hubspot_tokens WHERE site_user_id = ?", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vendor", "hubspot");
            m.put("identificationEmail", rs.getString(1));
            m.put("tokenCreatedAt", Instant.ofEpochMilli(rs.getLong(2)).toString());
            return m;
        }, id));
        return out;
    }

    /** Everything held about the user (profile, identities with public ids, audit entries), never a secret; empty when unknown. */
    public Optional<Map<String, Object>> export(String id) {
        return jdbc.one("SELECT * FROM site_users WHERE id = ?", SiteUsers::map, id).map(u -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("exportedAt", clock.instant().toString());
            out.put("profile", profile(u));
            out.put("identities", identities(id));
            out.put("audit", audit(new AuditFilter(id, null, null, null, null), 0, MAX_PAGE).items().stream().map(UserAdministration::view).toList());
            out.put("notHere", "Vendors keep their own copies (conversations, contacts): ask each vendor; see the README.");
            return out;
        });
    }

    /**
     * Erases the user in one transaction: the user row, LiveChat identities and leases, cached HubSpot tokens; the
     * audit log's rows about the user get the pseudonym as subject, and any mention of the id, email or name in a
     * detail is replaced; the erasure itself is audited under the pseudonym. False when no such user exists.
     */
    public boolean erase(String id, String actor) {
        long now = clock.millis();
        String pseudonym = pseudonym(id);
        return jdbc.transaction(c -> {
            Optional<SiteUserRecord> u = Jdbc.list(c, "SELECT * FROM site_users WHERE id = ?", SiteUsers::map, id)
                    .stream().findFirst();
            if (u.isEmpty()) return false;
            Jdbc.update(c, "DELETE FROM livechat_identities WHERE site_user_id = ?", id);
            Jdbc.update(c, "DELETE FROM livechat_leases WHERE site_user_id = ?", id);
            Jdbc.update(c, "DELETE FROM hubspot_tokens WHERE site_user_id = ?", id);
            Jdbc.update(c, "DELETE FROM site_users WHERE id = ?", id);
            if (u.get().blocked()) SiteUsers.blockListChanged(c);
            Jdbc.update(c, "UPDATE audit_log SET subject = ? WHERE subject = ?", pseudonym, id);
            scrubDetails(c, u.get(), pseudonym);
            AuditLog.insert(c, now, actor, "user.erase", pseudonym, null);
            return true;
        });
    }

    private static void scrubDetails(Connection c, SiteUserRecord u, String pseudonym) throws SQLException {
        List<String> values = new ArrayList<>();
        for (String v : new String[] {u.id(), u.email(), u.name()}) if (v != null && !v.isBlank()) values.add(v);
        values.sort((a, b) -> b.length() - a.length()); // the longest first, so a name inside an email goes with it
        for (String v : values) {
            List<String[]> rows = Jdbc.list(c, "SELECT id, detail FROM audit_log WHERE detail LIKE ?",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, "%" + v + "%");
            for (String[] r : rows) {
                Jdbc.update(c, "UPDATE audit_log SET detail = ? WHERE id = ?", r[1].replace(v, pseudonym), r[0]);
            }
        }
    }

    /** The audit log's stand-in for an erased user id: a keyed hash, so one user's rows still group together. */
    public String pseudonym(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pseudonymKey);
            return "erased:" + HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Audit entries matching the filter, newest first. */
    public Page<AuditEntry> audit(AuditFilter f, int page, int size) {
        int n = Math.max(1, Math.min(size, MAX_PAGE));
        int p = Math.max(0, page);
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, subject, detail FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.subject() != null) { sql.append(" AND subject = ?"); args.add(f.subject()); }
        if (f.action() != null) { sql.append(" AND action = ?"); args.add(f.action()); }
        if (f.actor() != null) { sql.append(" AND actor = ?"); args.add(f.actor()); }
        if (f.from() != null) { sql.append(" AND at >= ?"); args.add(f.from().toEpochMilli()); }
        if (f.to() != null) { sql.append(" AND at < ?"); args.add(f.to().toEpochMilli()); }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"); // ids are time-ordered within a millisecond
        args.add(n + 1);
        args.add((long) p * n);
        List<AuditEntry> rows = jdbc.list(sql.toString(), rs -> new AuditEntry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)), args.toArray());
        boolean more = rows.size() > n;
        return new Page<>(more ? rows.subList(0, n) : rows, p, n, more);
    }

    /** Deletes audit rows older than the cut-off; returns how many. */
    public int pruneAudit(Instant olderThan) {
        return jdbc.update("DELETE FROM audit_log WHERE at < ?", olderThan.toEpochMilli());
    }

    /** Deletes the sandbox's rows older than the cut-off (messages, expired tokens); returns how many. */
    public int pruneSandbox(Instant olderThan) {
        return jdbc.update("DELETE FROM sandbox_messages WHERE at < ?", olderThan.toEpochMilli())
                + jdbc.update("DELETE FROM sandbox_tokens WHERE expires_at < ?", clock.millis());
    }

    /** Records an operator's action that changes no user row (an export, a console sign-in). */
    public void record(String actor, String action, String subject, String detail) {
        long now = clock.millis();
        jdbc.transaction(c -> {
            AuditLog.insert(c, now, actor, action, subject, detail);
            return null;
        });
    }

    /** A site user as operators see it (the admin API, the console, exports): a map they may add to. */
    public static Map<String, Object> profile(SiteUserRecord u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("email", u.email());
        m.put("name", u.name());
        m.put("firstSeen", u.firstSeen().toString());
        m.put("lastSeen", u.lastSeen().toString());
        m.put("blocked", u.blocked());
        m.put("blockedAt", u.blockedAt() == null ? null : u.blockedAt().toString());
        m.put("blockReason", u.blockReason());
        return m;
    }

    public static Map<String, Object> view(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toString());
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("subject", e.subject());
        m.put("detail", e.detail());
        return m;
    }
}

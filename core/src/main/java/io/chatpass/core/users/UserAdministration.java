package io.chatpass.core.users;

import io.chatpass.core.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    private final Pseudonyms pseudonyms;
    private final List<UserData> vendorData;

    /**
     * @param pseudonymKey the key of the audit log's pseudonyms (at least 32 bytes)
     * @param vendorData   what each vendor stores per user, as the vendors declare it
     */
    public UserAdministration(DataSource ds, Clock clock, byte[] pseudonymKey, List<UserData> vendorData) {
        this(ds, clock, new Pseudonyms(pseudonymKey), vendorData);
    }

    public UserAdministration(DataSource ds, Clock clock, Pseudonyms pseudonyms, List<UserData> vendorData) {
        this.ds = ds;
        this.jdbc = new Jdbc(ds);
        this.clock = clock;
        this.pseudonyms = pseudonyms;
        this.vendorData = List.copyOf(vendorData);
    }

    /** With the pseudonym key derived from the store's keyset, as the server and the command line both use it. */
    public static UserAdministration forKeyset(DataSource ds, Clock clock, io.chatpass.core.Secret keysetJson, List<UserData> vendorData) {
        return new UserAdministration(ds, clock, Pseudonyms.forKeyset(keysetJson), vendorData);
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
            rows = jdbc.list("SELECT * FROM site_users WHERE " + MATCH + " ORDER BY last_seen DESC, id LIMIT ? OFFSET ?", SiteUsers::map,
                    query.strip(), like(query), like(query), n + 1, (long) p * n);
        }
        boolean more = rows.size() > n;
        return new Page<>(more ? rows.subList(0, n) : rows, p, n, more);
    }

    /** How many users {@link #search} finds for this query, over all pages. */
    public long count(String query) {
        if (query == null || query.isBlank()) return jdbc.one("SELECT COUNT(*) FROM site_users", rs -> rs.getLong(1)).orElse(0L);
        return jdbc.one("SELECT COUNT(*) FROM site_users WHERE " + MATCH, rs -> rs.getLong(1), query.strip(), like(query), like(query))
                .orElse(0L);
    }

    private static final String MATCH = "(id = ? OR LOWER(id) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\')";

    private static String like(String query) {
        return "%" + query.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * What the console's overview counts: users, those seen lately, blocked ones, stored identities per vendor (and
     * what such a row is, per vendor: "customers stored").
     */
    public record Overview(long users, long seenLastDay, long blocked, long blockedErased, Map<String, Long> identities,
                           Map<String, String> identityLabels) {
    }

    public Overview overview() {
        long dayAgo = clock.millis() - 24L * 3600 * 1000;
        Map<String, Long> identities = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (UserData d : vendorData) {
            identities.put(d.vendor(), jdbc.one("SELECT COUNT(*) FROM " + d.table(), rs -> rs.getLong(1)).orElse(0L));
            labels.put(d.vendor(), d.label());
        }
        return new Overview(count(null),
                jdbc.one("SELECT COUNT(*) FROM site_users WHERE last_seen >= ?", rs -> rs.getLong(1), dayAgo).orElse(0L),
                jdbc.one("SELECT COUNT(*) FROM site_users WHERE blocked = TRUE", rs -> rs.getLong(1)).orElse(0L),
                jdbc.one("SELECT COUNT(*) FROM erased_blocks", rs -> rs.getLong(1)).orElse(0L), identities, labels);
    }

    /** The vendors that hold something for this user in Chatpass's store, with their public ids only. */
    public List<Map<String, Object>> identities(String id) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (UserData d : vendorData) {
            out.addAll(jdbc.list(d.exportQuery(), rs -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("vendor", d.vendor());
                m.putAll(d.exportRow().map(rs));
                return m;
            }, id));
        }
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
     * Erases the user in one transaction: the user row and every vendor's rows for them (as each declares them); the
     * audit log's rows about the user (their subject is the user) get the pseudonym as subject, and mentions of the id,
     * email or name in those rows' details are replaced. Other users' rows are not touched, even when their text
     * happens to contain this user's name. The erasure itself is audited under the pseudonym. A blocked user stays
     * blocked: only the pseudonym is kept, in erased_blocks (see the README on erasure). False when nothing is held
     * about the id.
     *
     * <p>The user row is deleted first: every transaction that stores a vendor identity writes that row first
     * ({@link SiteUsers#recordInTransaction}), so on PostgreSQL an identity stored at the same moment either commits
     * before this erasure reads the identities (and is erased) or after it (and comes with a new, visible user row).
     */
    public boolean erase(String id, String actor) {
        long now = clock.millis();
        String pseudonym = pseudonyms.of(id);
        long seq = jdbc.transaction(c -> {
            Optional<SiteUserRecord> u = Jdbc.list(c, "SELECT * FROM site_users WHERE id = ?", SiteUsers::map, id)
                    .stream().findFirst();
            int held = Jdbc.update(c, "DELETE FROM site_users WHERE id = ?", id);
            for (UserData d : vendorData) {
                held += Jdbc.update(c, "DELETE FROM " + d.table() + " WHERE site_user_id = ?", id);
                for (String t : d.alsoErased()) Jdbc.update(c, "DELETE FROM " + t + " WHERE site_user_id = ?", id);
            }
            if (held == 0) return 0L;
            if (u.isPresent() && u.get().blocked()) {
                Jdbc.update(c, "INSERT INTO erased_blocks (pseudonym, erased_at) VALUES (?, ?) ON CONFLICT (pseudonym) DO NOTHING",
                        pseudonym, now);
            }
            scrubDetails(c, id, u.orElse(null), pseudonym);
            Jdbc.update(c, "UPDATE audit_log SET subject = ? WHERE subject = ?", pseudonym, id);
            AuditLog.insert(c, now, actor, "user.erase", pseudonym, null);
            // What processes hold about the user (a LiveChat row) is dropped; and every erasure, blocked or not, moves the
            // block list, so processes forget which users they recorded.
            io.chatpass.core.store.StoreChanges.record(c, SiteUsers.USER_SCOPE, pseudonym, now);
            return SiteUsers.blockListChanged(c, now);
        });
        if (seq == 0) return false;
        // When the erasure returns, no server process serves anything it held about the user.
        SiteUsers.awaitEverywhere(ds, seq);
        return true;
    }

    /** In the user's own audit rows only: mentions of their id, email and name become the pseudonym. */
    private static void scrubDetails(Connection c, String id, SiteUserRecord u, String pseudonym) throws SQLException {
        List<String> values = new ArrayList<>();
        values.add(id);
        if (u != null) for (String v : new String[] {u.email(), u.name()}) if (v != null && !v.isBlank()) values.add(v);
        values.sort((a, b) -> b.length() - a.length()); // the longest first, so a name inside an email goes with it
        List<String[]> rows = Jdbc.list(c, "SELECT id, detail FROM audit_log WHERE subject = ? AND detail IS NOT NULL",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, id);
        for (String[] r : rows) {
            String detail = r[1];
            for (String v : values) detail = detail.replace(v, pseudonym);
            if (!detail.equals(r[1])) Jdbc.update(c, "UPDATE audit_log SET detail = ? WHERE id = ?", detail, r[0]);
        }
    }

    /** The audit log's stand-in for an erased user id: a keyed hash, so one user's rows still group together. */
    public String pseudonym(String id) {
        return pseudonyms.of(id);
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

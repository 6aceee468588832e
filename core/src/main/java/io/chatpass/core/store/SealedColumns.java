package io.chatpass.core.store;

import io.chatpass.core.crypto.SecretBox;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every column sealed with the store's keyset, and what key rotation needs of them: how many values each key still
 * seals, and re-sealing under the primary key in small batches. A value is replaced only if it is still the one that
 * was read (compare and set), so a concurrent update (a vendor token refresh) is never overwritten with older data.
 */
public final class SealedColumns {
    private static final Logger log = LoggerFactory.getLogger(SealedColumns.class);

    private final Jdbc jdbc;
    private final SecretBox box;
    private final List<SealedColumn> columns;

    /** @param columns every sealed column of the store, as their features declare them */
    public SealedColumns(DataSource ds, SecretBox box, List<SealedColumn> columns) {
        this.jdbc = new Jdbc(ds);
        this.box = box;
        this.columns = List.copyOf(columns);
    }

    /** How many sealed values each key id seals (-1: values without a key prefix). */
    public Map<Integer, Long> countByKey() {
        Map<Integer, Long> out = new TreeMap<>();
        for (SealedColumn c : columns) {
            // The first 7 base64 characters hold the 5-byte prefix (version and key id) and 2 bits of the nonce: grouping on
            // them counts per key (at most 4 groups each) without reading every value.
            for (Object[] g : jdbc.list("SELECT SUBSTR(" + c.column() + ", 1, 7), COUNT(*) FROM " + c.table() + " WHERE " + c.column()
                    + " IS NOT NULL GROUP BY SUBSTR(" + c.column() + ", 1, 7)", rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
                int id = SecretBox.keyIdOf(Base64.getDecoder().decode(g[0] + "A"));
                out.merge(id, (Long) g[1], Long::sum);
            }
        }
        return out;
    }

    /**
     * Re-seals every value not sealed with the primary key, batch by batch (each batch one short transaction).
     * Returns how many values were re-sealed.
     */
    public long resealAll(int batchSize, long pauseMillis) {
        long total = 0;
        int primary = box.primaryKeyId();
        for (SealedColumn c : columns) {
            String keyList = String.join(", ", c.keys());
            String cursorSql = "SELECT " + keyList + ", " + c.column() + " FROM " + c.table() + " WHERE " + c.column() + " IS NOT NULL"
                    + (c.keys().size() == 1 ? " AND " + c.keys().get(0) + " > ?" : " AND (" + c.keys().get(0) + " > ? OR (" + c.keys().get(0)
                    + " = ? AND " + c.keys().get(1) + " > ?))")
                    + " ORDER BY " + keyList + " LIMIT " + batchSize;
            String updateSql = "UPDATE " + c.table() + " SET " + c.column() + " = ? WHERE " + String.join(" AND ",
                    c.keys().stream().map(k -> k + " = ?").toList()) + " AND " + c.column() + " = ?";
            List<String> cursor = c.keys().stream().map(k -> "").toList();
            while (true) {
                Object[] args = c.keys().size() == 1 ? new Object[] {cursor.get(0)} : new Object[] {cursor.get(0), cursor.get(0), cursor.get(1)};
                List<String[]> rows = jdbc.list(cursorSql, rs -> {
                    String[] r = new String[c.keys().size() + 1];
                    for (int i = 0; i < r.length; i++) r[i] = rs.getString(i + 1);
                    return r;
                }, args);
                if (rows.isEmpty()) break;
                int done = jdbc.transaction(conn -> {
                    int n = 0;
                    for (String[] r : rows) {
                        String sealed = r[r.length - 1];
                        byte[] bytes = Base64.getDecoder().decode(sealed);
                        if (SecretBox.keyIdOf(bytes) == primary) continue;
                        List<String> keys = List.of(r).subList(0, r.length - 1);
                        String ctx = c.context().apply(keys);
                        String fresh = Base64.getEncoder().encodeToString(box.seal(box.open(bytes, ctx), ctx));
                        Object[] u = new Object[keys.size() + 2];
                        u[0] = fresh;
                        for (int i = 0; i < keys.size(); i++) u[i + 1] = keys.get(i);
                        u[u.length - 1] = sealed;
                        n += Jdbc.update(conn, updateSql, u);
                    }
                    return n;
                });
                total += done;
                String[] last = rows.get(rows.size() - 1);
                cursor = List.of(last).subList(0, last.length - 1);
                if (done > 0 && pauseMillis > 0) {
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return total;
                    }
                }
            }
        }
        if (total > 0) log.info("re-sealed {} values under key {}", total, primary);
        return total;
    }

}

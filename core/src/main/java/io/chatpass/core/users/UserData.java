package io.chatpass.core.users;

import io.chatpass.core.store.Jdbc;
import io.chatpass.core.store.SealedColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a vendor keeps about a site user in Chatpass's store, declared by the vendor itself so that everything that
 * must reach a user's data (the console's counts, a data-subject export, erasure, key rotation) reaches it without
 * knowing the vendor. Each table is keyed by {@code site_user_id}; an export row never holds a secret.
 */
public final class UserData {
    private final String vendor;
    private final String table;
    private final String label;
    private final List<String> alsoErased;
    private final String exportQuery;
    private final Jdbc.RowMapper<Map<String, Object>> exportRow;
    private final List<SealedColumn> sealed;

    private UserData(Builder b) {
        this.vendor = Objects.requireNonNull(b.vendor);
        this.table = Objects.requireNonNull(b.table);
        this.label = Objects.requireNonNull(b.label, "what a row is, for the console (e.g. customers stored)");
        this.alsoErased = List.copyOf(b.alsoErased);
        this.exportQuery = Objects.requireNonNull(b.exportQuery, "what an export shows");
        this.exportRow = Objects.requireNonNull(b.exportRow);
        this.sealed = List.copyOf(b.sealed);
    }

    /** @param table the vendor's table of per-user rows (a {@code site_user_id} column) */
    public static Builder builder(String vendor, String table) {
        return new Builder(vendor, table);
    }

    public String vendor() {
        return vendor;
    }

    public String table() {
        return table;
    }

    /** What a row is, after its count on the console ("customers stored"). */
    public String label() {
        return label;
    }

    /** Further tables whose rows for the user go with an erasure (working rows, not counted as data held). */
    public List<String> alsoErased() {
        return alsoErased;
    }

    /** A query with one parameter, the site user id, whose rows the export shows. */
    public String exportQuery() {
        return exportQuery;
    }

    public Jdbc.RowMapper<Map<String, Object>> exportRow() {
        return exportRow;
    }

    public List<SealedColumn> sealed() {
        return sealed;
    }

    /** Every sealed column these declarations name. */
    public static List<SealedColumn> sealedColumns(List<UserData> all) {
        return all.stream().flatMap(d -> d.sealed.stream()).toList();
    }

    public static final class Builder {
        private final String vendor;
        private final String table;
        private String label;
        private final List<String> alsoErased = new ArrayList<>();
        private String exportQuery;
        private Jdbc.RowMapper<Map<String, Object>> exportRow;
        private final List<SealedColumn> sealed = new ArrayList<>();

        private Builder(String vendor, String table) {
            this.vendor = vendor;
            this.table = table;
        }

        public Builder label(String label) {
            this.label = label;
            return this;
        }

        public Builder alsoErase(String table) {
            alsoErased.add(table);
            return this;
        }

        /** @param query selects the user's rows as shown to them, with one parameter: the site user id */
        public Builder export(String query, Jdbc.RowMapper<Map<String, Object>> row) {
            this.exportQuery = query;
            this.exportRow = row;
            return this;
        }

        public Builder sealed(SealedColumn column) {
            sealed.add(column);
            return this;
        }

        public UserData build() {
            return new UserData(this);
        }
    }
}

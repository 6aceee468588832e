package io.chatpass.core.store;

import java.util.List;
import java.util.function.Function;

/**
 * One column of values sealed with the store's keyset, declared by the feature that owns its table: the key columns
 * of a row, and the associated data each value is bound to (computed from those keys, in their order). Key rotation
 * counts and re-seals every declared column ({@link SealedColumns}).
 *
 * @param keys    one or two key columns identifying a row
 * @param context the associated data of a row's value, from its key values
 */
public record SealedColumn(String table, String column, List<String> keys, Function<List<String>, String> context) {
    public SealedColumn {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || keys.size() > 2) throw new IllegalArgumentException("a sealed column has one or two key columns");
    }
}

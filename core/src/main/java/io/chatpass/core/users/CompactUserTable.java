package io.chatpass.core.users;

import io.chatpass.core.Hashing;
import java.security.SecureRandom;

/**
 * A fixed-size table of one {@code long} per user, without an object per user: what the hot path remembers of
 * 50,000 and more users (when a sighting was last written, how many requests a user made this minute) costs 16 bytes
 * a user in one array, where a cache entry (node, key string, value, map entry) costs 150 to 400 bytes a user, all
 * of it live heap the collector walks.
 *
 * <p>Users are found by a 64-bit hash of their id, seeded at random for each table (ids cannot be chosen to collide
 * on purpose), in sets of {@link #WAYS} slots. A full set makes room by dropping the slot the caller's {@link Policy}
 * values least; a dropped user is simply unknown again. Two different ids with the same 64-bit hash share a slot
 * (about one chance in 2^64 a pair): callers only keep values whose loss or sharing is harmless.
 *
 * <p>Thread-safe: each set is updated under one of {@link #STRIPES} locks, so two requests of one user do not lose
 * each other's update.
 */
public final class CompactUserTable {
    /**
     * Slots per set: eight (hash, value) pairs, two cache lines. With 50,000 users in 131,072 slots, a set holds more
     * than eight users so rarely that about one user in three hundred is dropped (four ways dropped 3%).
     */
    static final int WAYS = 8;
    private static final int STRIPES = 64;

    /** What a table keeps: how a slot's value changes on a visit, and which slot a full set gives up. */
    public interface Policy {
        /**
         * The value to keep after a visit at {@code now}.
         *
         * @param old the user's value, or 0 when the table does not know the user (0 is never kept: it means empty)
         */
        long visit(long old, long now);

        /** How much a value is worth keeping at {@code now}; a full set drops its lowest. */
        long worth(long value, long now);
    }

    private final long[] slots; // per set: hash0, value0, hash1, value1, ...
    private final int setMask;
    private final long seed;
    private final Policy policy;
    private final Object[] locks = new Object[STRIPES];

    /** A table with room for at least {@code users} users (rounded up to a power of two). */
    public CompactUserTable(int users, Policy policy) {
        if (users < 1 || users > (1 << 26)) throw new IllegalArgumentException("users must be between 1 and 2^26, not " + users);
        int sets = Integer.highestOneBit(Math.max(1, (users + WAYS - 1) / WAYS) * 2 - 1);
        this.slots = new long[sets * WAYS * 2];
        this.setMask = sets - 1;
        this.seed = new SecureRandom().nextLong();
        this.policy = policy;
        for (int i = 0; i < STRIPES; i++) locks[i] = new Object();
    }

    /** Users the table can hold. */
    public int capacity() {
        return slots.length / 2;
    }

    /**
     * Applies a visit of this user at {@code now}: the policy turns the user's value (0 when unknown) into the one
     * kept, and this returns the value it had before (0 when the table did not know the user).
     */
    public long visit(String id, long now) {
        long h = hash(id);
        int set = (int) (h >>> 40) & setMask;
        int base = set * WAYS * 2;
        synchronized (locks[set & (STRIPES - 1)]) {
            int victim = base;
            long victimWorth = Long.MAX_VALUE;
            for (int i = base; i < base + WAYS * 2; i += 2) {
                if (slots[i] == h) {
                    long old = slots[i + 1];
                    slots[i + 1] = policy.visit(old, now);
                    return old;
                }
                long worth = slots[i] == 0 ? Long.MIN_VALUE : policy.worth(slots[i + 1], now);
                if (worth < victimWorth) {
                    victim = i;
                    victimWorth = worth;
                }
            }
            slots[victim] = h;
            slots[victim + 1] = policy.visit(0, now);
            return 0;
        }
    }

    /** Forgets every user (each set under its lock): the next visit of anyone finds them unknown. */
    public void forgetAll() {
        int sets = slots.length / (WAYS * 2);
        for (int set = 0; set < sets; set++) {
            int base = set * WAYS * 2;
            synchronized (locks[set & (STRIPES - 1)]) {
                java.util.Arrays.fill(slots, base, base + WAYS * 2, 0L);
            }
        }
    }

    /** The set an id lands in (for tests of the seeding). */
    int setOf(String id) {
        return (int) (hash(id) >>> 40) & setMask;
    }

    /** The id's hash from this table's seed; never 0 (0 marks an empty slot). */
    private long hash(String id) {
        long h = Hashing.hash64(seed, id);
        return h == 0 ? 1 : h;
    }
}

package io.chatpass.core.store;

import io.chatpass.core.Hashing;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-process cache of values read from the store, keyed by subject (see {@link StoreChanges}), that never serves a
 * value a change has made stale: a change drops its subject here (from this process at once, from others before the
 * change's writer returns), values are served only while {@link StoreChanges#current()}, and a value read before any
 * change this cache has since applied is not put (the read's number is the store's change counter, read in the same
 * statement as the value). That last rule is for every subject, not per subject: it costs no memory per subject (a
 * per-subject record of 50,000 first visits' changes was 7 MiB of a 96 MiB heap), and refuses only reads that raced
 * with some write, a few in a hundred while users are being created and none in between. A held row keeps the number
 * its read saw, so a change it already reflects does not drop it: the writer's own process applies its change at
 * once and hears of it again from its next poll, and a row read in between stays held.
 *
 * <p>Values are held packed, as bytes ({@link Codec}), in two tables made once: a 64-bit key per slot (on the heap)
 * and a fixed-size row per slot (off the heap, in a direct buffer), in sets of {@link #WAYS} slots (a subject's set is
 * fixed by its key; a full set gives up a slot at random). No object per entry: 65,536 LiveChat rows take 10 MiB where
 * a Caffeine map of 50,000 took ~17 MiB of the old generation. The rows are off the heap because on it they filled
 * the launcher's 96 MiB heap's old generation far enough (three quarters) that the parallel collector, predicting
 * that a young collection's survivors would not fit, ran a full collection every half second instead
 * (docs/benchmarks.md); the collector never walks or copies them there. A key is 64 bits of the subject (itself a keyed
 * pseudonym): two subjects sharing one (odds about 2^-64 per pair) share a slot, so a caller whose values must not be
 * mixed up binds them to their owner (the LiveChat rows are sealed with the user in the AEAD context: another user's
 * row does not open, and is treated as a miss).
 */
public final class CoherentCache<V> {
    private static final Logger log = LoggerFactory.getLogger(CoherentCache.class);
    /** A value whose read started longer ago than this is not put. */
    private static final Duration READ_AT_MOST = Duration.ofSeconds(10);
    /**
     * Slots per set: a subject is looked for in its set only (64 keys, eight cache lines). A set that draws more
     * subjects than it has slots gives the extra ones up: with 50,000 subjects in 65,536 slots that is about 0.1% of
     * them in sets of 64, 2.3% in sets of 16.
     */
    static final int WAYS = 64;
    private static final int LOCKS = 256;
    /** A row's header: the read's change number, then the value's length. */
    private static final int HEADER = 8 + 2;

    /** A value as bytes, and back. */
    public interface Codec<V> {
        /** The value's bytes, or null when it cannot be held (it is then read from the store each time). */
        byte[] encode(V value);

        V decode(byte[] bytes, int offset, int length);
    }

    private final StoreChanges changes;
    private final Codec<V> codec;
    private final String scope;
    private final AtomicBoolean saidTooLarge = new AtomicBoolean();
    private final int rowBytes;
    private final int setMask;
    /** Each slot's key; 0 for an empty slot. */
    private final long[] keys;
    /** Each slot's row: the read's change number (8 bytes), two bytes of length, then the value's bytes (off the
     * heap; read and written at absolute positions, under the slot's set lock). */
    private final ByteBuffer rows;
    private final Object[] locks = new Object[LOCKS];
    /** The number of the last change applied here: reads that saw fewer changes are not put. */
    private volatile long lastChange;

    /**
     * @param slots         values held at most (rounded down to a power of two, at least {@link #WAYS}; a set that
     *                      fills up gives a slot up)
     * @param maxValueBytes the largest encoded value held; larger ones are not held
     */
    public CoherentCache(StoreChanges changes, String scope, int slots, int maxValueBytes, Codec<V> codec) {
        if (maxValueBytes < 1 || maxValueBytes > 65_535) throw new IllegalArgumentException("maxValueBytes out of range");
        this.changes = changes;
        this.codec = codec;
        this.scope = scope;
        this.rowBytes = HEADER + maxValueBytes;
        int sets = Integer.highestOneBit(Math.max(1, slots / WAYS));
        this.setMask = sets - 1;
        this.keys = new long[sets * WAYS];
        this.rows = ByteBuffer.allocateDirect(Math.multiplyExact(sets * WAYS, rowBytes));
        for (int i = 0; i < LOCKS; i++) locks[i] = new Object();
        changes.on(scope, this::change);
    }

    /** Bytes a cache of this many slots and value size holds in memory. */
    public static long bytesFor(int slots, int maxValueBytes) {
        return (long) slots * (8 + HEADER + maxValueBytes);
    }

    /** The slots this cache has (values it can hold at most). */
    public int slots() {
        return keys.length;
    }

    /** The subject a user id is cached under. */
    public String subject(String userId) {
        return changes.subject(userId);
    }

    /** The value held for the subject, or null (none held, or this process's lease on what it holds has run out). */
    public V get(String subject) {
        if (!changes.current()) return null;
        long key = key(subject);
        int first = set(key) * WAYS;
        byte[] copy;
        int length;
        synchronized (lock(first)) {
            int slot = find(first, key);
            if (slot < 0) return null;
            int at = slot * rowBytes;
            length = rows.getShort(at + 8) & 0xffff;
            copy = new byte[length];
            rows.get(at + HEADER, copy, 0, length);
        }
        return codec.decode(copy, 0, length);
    }

    /**
     * Holds a value read from the store.
     *
     * @param readSeq          the store's change counter, read in the same statement as the value
     * @param readStartedNanos when the read started ({@link System#nanoTime()})
     */
    public void put(String subject, V value, long readSeq, long readStartedNanos) {
        if (System.nanoTime() - readStartedNanos > READ_AT_MOST.toNanos()) return;
        byte[] bytes = codec.encode(value);
        if (bytes == null) return;
        if (bytes.length > rowBytes - HEADER) {
            if (saidTooLarge.compareAndSet(false, true)) {
                log.warn("a {} value of {} bytes is larger than a row ({} bytes): such values are read from the store each time",
                        scope, bytes.length, rowBytes - HEADER);
            }
            return;
        }
        long key = key(subject);
        int first = set(key) * WAYS;
        synchronized (lock(first)) {
            // Checked inside the set's lock: a change to this subject either removed it before (and set lastChange
            // before that) or removes it after.
            if (readSeq < lastChange) return;
            int slot = find(first, key);
            if (slot < 0) slot = find(first, 0L);
            if (slot < 0) slot = first + ThreadLocalRandom.current().nextInt(WAYS);
            keys[slot] = key;
            int at = slot * rowBytes;
            rows.putLong(at, readSeq);
            rows.putShort(at + 8, (short) bytes.length);
            rows.put(at + HEADER, bytes, 0, bytes.length);
        }
    }

    private void change(String subject, long seq) {
        raise(seq); // first: a put racing with the removal below either lands before it (and goes) or sees this
        if (subject == null) {
            for (int set = 0; set <= setMask; set++) {
                int first = set * WAYS;
                synchronized (lock(first)) {
                    Arrays.fill(keys, first, first + WAYS, 0L);
                }
            }
            return;
        }
        long key = key(subject);
        int first = set(key) * WAYS;
        synchronized (lock(first)) {
            int slot = find(first, key);
            // a row whose read already saw this change (the writer's own process hears of it twice) is not stale
            if (slot >= 0 && rows.getLong(slot * rowBytes) < seq) keys[slot] = 0L;
        }
    }

    private int find(int first, long key) {
        for (int i = first; i < first + WAYS; i++) {
            if (keys[i] == key) return i;
        }
        return -1;
    }

    private int set(long key) {
        return (int) (key ^ (key >>> 32)) & setMask;
    }

    private Object lock(int firstSlot) {
        return locks[(firstSlot / WAYS) & (LOCKS - 1)];
    }

    /** 64 well-mixed bits of the subject (the in-memory tables' hash, from a fixed seed), never 0 (an empty slot). */
    static long key(String subject) {
        long h = Hashing.hash64(0x9E3779B97F4A7C15L, subject);
        return h == 0 ? 1 : h;
    }

    private synchronized void raise(long seq) {
        if (seq > lastChange) lastChange = seq;
    }
}

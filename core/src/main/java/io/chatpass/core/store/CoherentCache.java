package io.chatpass.core.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * A per-process cache of values read from the store, keyed by subject (see {@link StoreChanges}), that never serves a
 * value a change has made stale: a change drops its subject here (from this process at once, from others before the
 * change's writer returns), values are served only while {@link StoreChanges#current()}, and a value read before any
 * change this cache has since applied is not put (the read's number is the store's change counter, read in the same
 * statement as the value). That last rule is for every subject, not per subject: it costs no memory per subject (a
 * per-subject record of 50,000 first visits' changes was 7 MiB of a 96 MiB heap), and refuses only reads that raced
 * with some write, a few in a hundred while users are being created and none in between.
 */
public final class CoherentCache<V> {
    /** A value whose read started longer ago than this is not put. */
    private static final Duration READ_AT_MOST = Duration.ofSeconds(10);

    private final StoreChanges changes;
    private final Cache<String, V> values;
    /** The number of the last change applied here: reads that saw fewer changes are not put. */
    private volatile long lastChange;
    private final java.util.concurrent.locks.ReentrantReadWriteLock clearing = new java.util.concurrent.locks.ReentrantReadWriteLock();

    public CoherentCache(StoreChanges changes, String scope, int maxEntries) {
        this.changes = changes;
        // Maintenance (eviction) in the calling thread: with the default executor every write scheduled a task on the
        // common pool, a thread wake-up per cache miss when the rows held are fewer than the users asking.
        this.values = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
        changes.on(scope, this::change);
    }

    /** The subject a user id is cached under. */
    public String subject(String userId) {
        return changes.subject(userId);
    }

    /** The value held for the subject, or null (none held, or this process's lease on what it holds has run out). */
    public V get(String subject) {
        return changes.current() ? values.getIfPresent(subject) : null;
    }

    /**
     * Holds a value read from the store.
     *
     * @param readSeq          the store's change counter, read in the same statement as the value
     * @param readStartedNanos when the read started ({@link System#nanoTime()})
     */
    public void put(String subject, V value, long readSeq, long readStartedNanos) {
        if (System.nanoTime() - readStartedNanos > READ_AT_MOST.toNanos()) return;
        clearing.readLock().lock();
        try {
            // Checked inside the key's lock: a change to this subject either removed it before (and set lastChange
            // before that) or removes it after.
            values.asMap().compute(subject, (k, old) -> readSeq < lastChange ? old : value);
        } finally {
            clearing.readLock().unlock();
        }
    }

    private void change(String subject, long seq) {
        if (subject == null) {
            clearing.writeLock().lock();
            try {
                raise(seq);
                values.invalidateAll();
            } finally {
                clearing.writeLock().unlock();
            }
            return;
        }
        raise(seq);
        values.asMap().remove(subject); // after the line above: a put racing with it either lands first (and goes) or sees it
    }

    private synchronized void raise(long seq) {
        if (seq > lastChange) lastChange = seq;
    }
}

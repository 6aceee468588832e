package io.chatpass.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to what server processes keep in memory from the store, made exact across processes: when a change made
 * anywhere (this process, another server on the same PostgreSQL, the CLI on the same SQLite file) has returned, no
 * serving process answers from what it held before.
 *
 * <p>Writers record a change (a scope such as {@code user} or {@code blocks}, and a subject: a keyed pseudonym of the
 * user id, never the id) in the same transaction as the change itself ({@link #record}); every such transaction takes
 * the one counter row, so changes commit in the order of their numbers. After the commit, a writer whose change must
 * be in force everywhere when it returns (an invalidate, an erasure, a block) waits in {@link #awaitApplied} until
 * every serving process has said it applied the change, or until {@link #LEASE} has passed.
 *
 * <p>Each serving process ({@link #watch}) reads the changes past the last one it applied every {@link #POLL_EVERY},
 * hands them to its listeners (a cache drops the subject), then writes the number it reached in its row of
 * {@code store_watchers}. What a process holds in memory is served only while its last complete poll started within
 * {@link #LEASE} minus a margin ({@link #current}): a process that cannot read the store, or stalls, stops serving what
 * it holds before a writer stops waiting for it. So a writer's wait ends either with every process's word or with every
 * silent process no longer serving from memory. The lease is measured on each machine's monotonic clock; machines'
 * clocks only need to agree within a minute, for telling a departed process's row from a live one.
 */
public final class StoreChanges implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreChanges.class);
    /** How long a writer waits at most for a process's word; a silent process stops serving from memory by then. */
    public static final Duration LEASE = Duration.ofSeconds(2);
    /** The part of the lease a process gives up, for the time between its poll's start and a writer's commit. */
    static final Duration MARGIN = Duration.ofMillis(250);
    static final Duration POLL_EVERY = Duration.ofMillis(50);
    static final Duration BEAT_EVERY = Duration.ofSeconds(10);
    /** Changes are kept this long; a process further behind than that drops everything it holds. */
    static final Duration KEEP = Duration.ofMinutes(10);
    /** A process that has not written its row for this long is taken to be gone (its row is deleted). */
    static final Duration GONE_AFTER = Duration.ofMinutes(1);

    /** Told of a change: the subject, or null for everything in the scope; and the change's number. */
    @FunctionalInterface
    public interface Listener {
        void changed(String subject, long seq);
    }

    private final DataSource ds;
    private final Clock clock;
    private final UnaryOperator<String> subjects;
    private final String id = UUID.randomUUID().toString();
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile long applied;
    /** The number last written to this process's row of store_watchers (what writers see it has applied). */
    private long confirmed;
    private volatile long pollStartedNanos;
    private long lastBeat;
    private long lastPrune;
    private volatile Throwable lastFailure;

    private StoreChanges(DataSource ds, Clock clock, UnaryOperator<String> subjects) {
        this.ds = ds;
        this.clock = clock;
        this.subjects = subjects;
        long started = System.nanoTime();
        long now = clock.millis();
        this.applied = counter(ds);
        new Jdbc(ds).update("INSERT INTO store_watchers (id, seen_seq, beat_at) VALUES (?, ?, ?)", id, applied, now);
        this.confirmed = applied;
        this.lastBeat = now;
        this.lastPrune = now;
        this.pollStartedNanos = started;
        this.poller = Thread.ofPlatform().daemon().name("chatpass-store-changes").start(this::pollLoop);
    }

    /**
     * Starts watching for a serving process: registers it (writers wait for it from now on) and polls in the background.
     *
     * @param subjects turns a user id into the subject writers record (the keyed pseudonym of the audit log)
     */
    public static StoreChanges watch(DataSource ds, Clock clock, UnaryOperator<String> subjects) {
        return new StoreChanges(ds, clock, subjects);
    }

    /** The subject recorded for this user id. */
    public String subject(String userId) {
        return subjects.apply(userId);
    }

    /** Listens to a scope's changes (on the polling thread, before this process says it applied them). */
    public void on(String scope, Listener listener) {
        listeners.computeIfAbsent(scope, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** True while what this process holds may be served: its last complete poll started within the lease. */
    public boolean current() {
        return System.nanoTime() - pollStartedNanos < LEASE.toNanos() - MARGIN.toNanos();
    }

    /** The last change this process has applied. */
    public long applied() {
        return applied;
    }

    /** A change this process just committed, applied here at once (its own poll sees it again shortly). */
    public void appliedHere(String scope, String subject, long seq) {
        dispatch(scope, subject, seq);
    }

    // ---- writers (any process, the CLI included)

    /** Records a change in the writer's transaction; returns its number (for {@link #awaitApplied}). */
    public static long record(Connection c, String scope, String subject, long now) throws SQLException {
        Jdbc.update(c, "UPDATE store_change_counter SET seq = seq + 1 WHERE id = 1");
        long seq = Jdbc.one(c, "SELECT seq FROM store_change_counter WHERE id = 1", rs -> rs.getLong(1)).orElseThrow();
        Jdbc.update(c, "INSERT INTO store_changes (seq, scope, subject, at) VALUES (?, ?, ?, ?)", seq, scope, subject, now);
        return seq;
    }

    /**
     * After the commit of change {@code seq}: waits until every serving process has applied it, or at most
     * {@link #LEASE}. Either way, when it returns no serving process answers from what it held before the change.
     *
     * @return true when every process said so; false when some stayed silent (they no longer serve from memory)
     */
    public static boolean awaitApplied(DataSource ds, long seq) {
        long deadline = System.nanoTime() + LEASE.toNanos();
        Jdbc jdbc = new Jdbc(ds);
        while (true) {
            try {
                long behind = jdbc.one("SELECT COUNT(*) FROM store_watchers WHERE seen_seq < ?", rs -> rs.getLong(1), seq).orElse(0L);
                if (behind == 0) return true;
            } catch (StoreException e) {
                // the store went away after the commit: the watchers cannot poll either, and their leases run out
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("a server process did not confirm change {} within {} ms; it no longer serves what it holds in memory",
                        seq, LEASE.toMillis());
                return false;
            }
            try {
                Thread.sleep(Math.min(10, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // the change is committed; not waiting longer only means returning before every process said so
                return false;
            }
        }
    }

    private static long counter(DataSource ds) {
        return new Jdbc(ds).one("SELECT seq FROM store_change_counter WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
    }

    // ---- the watching process

    private record Change(long seq, String scope, String subject) {
    }

    private void pollLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(POLL_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                poll();
                if (lastFailure != null) log.info("store changes readable again");
                lastFailure = null;
            } catch (RuntimeException e) {
                if (lastFailure == null) {
                    log.warn("store changes cannot be read; what this process holds in memory is not served after {} ms: {}",
                            LEASE.toMillis() - MARGIN.toMillis(), e.toString());
                }
                lastFailure = e;
            }
        }
    }

    /** One round: read, apply, say so. The lease moves only when all of it worked. */
    void poll() {
        long started = System.nanoTime();
        long now = clock.millis();
        Jdbc jdbc = new Jdbc(ds);
        long from = applied;
        // The counter first: every change numbered up to it has committed (the counter row orders commits), so the
        // list read next holds all of them unless they were pruned. Read the other way round, a change committed
        // between the two reads would look like a pruned one.
        long counted = counter(ds);
        List<Change> changes = jdbc.list("SELECT seq, scope, subject FROM store_changes WHERE seq > ? ORDER BY seq",
                rs -> new Change(rs.getLong(1), rs.getString(2), rs.getString(3)), from);
        long reached = from;
        if (counted > from && (changes.isEmpty() || changes.get(0).seq() != from + 1)) {
            // Changes this process never saw were already pruned (it was stalled for longer than KEEP): drop everything.
            long top = Math.max(counted, changes.isEmpty() ? counted : changes.get(changes.size() - 1).seq());
            log.warn("this process fell more than {} min behind the store's changes; dropping everything it holds", KEEP.toMinutes());
            for (String scope : listeners.keySet()) dispatch(scope, null, top);
            reached = top;
        } else {
            for (Change c : changes) {
                dispatch(c.scope(), c.subject(), c.seq());
                reached = c.seq();
            }
        }
        // Applied here before it is said to the store: a writer whose awaitApplied returns on that word finds applied()
        // already there (said the other way round, it could briefly see the old number).
        applied = reached;
        if (reached != confirmed || now - lastBeat >= BEAT_EVERY.toMillis()) {
            if (jdbc.update("UPDATE store_watchers SET seen_seq = ?, beat_at = ? WHERE id = ?", reached, now, id) == 0) {
                // taken for gone by another process (a long stall, or clocks far apart): here again
                jdbc.update("INSERT INTO store_watchers (id, seen_seq, beat_at) VALUES (?, ?, ?)", id, reached, now);
            }
            confirmed = reached; // a failed write leaves it behind, so the next poll writes again
            lastBeat = now;
        }
        pollStartedNanos = started;
        if (now - lastPrune >= GONE_AFTER.toMillis()) {
            lastPrune = now;
            jdbc.update("DELETE FROM store_changes WHERE at < ?", now - KEEP.toMillis());
            jdbc.update("DELETE FROM store_watchers WHERE beat_at < ? AND id <> ?", now - GONE_AFTER.toMillis(), id);
        }
    }

    private void dispatch(String scope, String subject, long seq) {
        List<Listener> ls = listeners.get(scope);
        if (ls != null) for (Listener l : ls) l.changed(subject, seq);
    }

    /** Stops watching: writers no longer wait for this process. */
    @Override
    public void close() {
        poller.interrupt();
        try {
            poller.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pollStartedNanos = System.nanoTime() - LEASE.toNanos(); // nothing held is served any more
        try {
            new Jdbc(ds).update("DELETE FROM store_watchers WHERE id = ?", id);
        } catch (StoreException e) {
            log.debug("could not remove this process's row from store_watchers; it is removed after {} s", GONE_AFTER.toSeconds());
        }
    }
}

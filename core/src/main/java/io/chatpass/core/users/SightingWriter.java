package io.chatpass.core.users;

import io.chatpass.core.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes "seen" rows behind the request: a first visit does not wait for an fsync of a last-seen time. Sightings are
 * queued and written by one background thread in batches (one transaction every {@link #FLUSH_EVERY}, or sooner when
 * {@link #BATCH} are waiting). While the store is down, the batch is kept and tried again.
 *
 * <p>What a crash can lose: the sightings of the last moments (first-seen/last-seen times and the email and name
 * shown to admins). Never an identity, a block or an acknowledged vendor identity: those are written in the
 * request, before the answer. When the queue is full the caller writes its sighting itself (back-pressure, not loss).
 */
public final class SightingWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SightingWriter.class);
    static final Duration FLUSH_EVERY = Duration.ofMillis(250);
    static final int BATCH = 500;
    static final int CAPACITY = 50_000;

    record Sighting(String id, String email, String name, long at) {
    }

    private final SiteUsers users;
    private final LinkedBlockingQueue<Sighting> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final List<Sighting> retry = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    public SightingWriter(SiteUsers users) {
        this.users = users;
        this.thread = Thread.ofPlatform().daemon().name("chatpass-sightings").start(this::run);
    }

    /** Queues a sighting; when the queue is full, writes it at once in the caller's thread. */
    public void record(String id, String email, String name, long at) {
        if (closing || !queue.offer(new Sighting(id, email, name, at))) {
            users.recordSeenAll(List.of(new Sighting(id, email, name, at)));
        } else if (queue.size() == BATCH) {
            LockSupport.unpark(thread); // a full batch is waiting: write it now rather than at the next tick
        }
    }

    /**
     * True while the queue is under half full: a caller can queue a sighting without ever writing it itself (what a
     * request on an I/O thread needs; a few requests at once cannot fill the other half).
     */
    public boolean hasRoom() {
        return queue.remainingCapacity() > CAPACITY / 2;
    }

    /** Sightings written so far (for tests and metrics). */
    public long written() {
        return written.get();
    }

    /** Waiting to be written. */
    public synchronized int pending() {
        return queue.size() + retry.size();
    }

    /** Writes everything queued now, in the caller's thread (tests, admin reads, shutdown). */
    public synchronized void flush() {
        List<Sighting> batch = new ArrayList<>(retry);
        retry.clear();
        queue.drainTo(batch);
        if (batch.isEmpty()) return;
        // The latest sighting of each user is enough.
        Map<String, Sighting> latest = new LinkedHashMap<>();
        for (Sighting s : batch) latest.put(s.id(), s);
        try {
            users.recordSeenAll(latest.values());
            written.addAndGet(latest.size());
        } catch (StoreException e) {
            retry.addAll(latest.values().stream().limit(CAPACITY).toList());
            throw e;
        }
    }

    /**
     * Wakes every {@link #FLUSH_EVERY}, or as soon as {@link #BATCH} are queued, and writes what is queued. It never
     * takes a sighting out of the queue except inside {@link #flush()} (under its monitor), so a flush from another
     * thread (an admin read, an erasure) always writes every sighting recorded before it.
     */
    private void run() {
        boolean failing = false;
        while (!closing) {
            if (queue.size() < BATCH) LockSupport.parkNanos(this, FLUSH_EVERY.toNanos());
            Thread.interrupted(); // only close() interrupts, after setting closing
            if (closing) return;
            if (pending() == 0) continue;
            try {
                flush();
                if (failing) log.info("site-user sightings are being written again");
                failing = false;
            } catch (StoreException e) {
                if (!failing) log.warn("site-user sightings cannot be written now ({} waiting); retrying", pending());
                failing = true;
                LockSupport.parkNanos(this, FLUSH_EVERY.toNanos() * 4);
            } catch (RuntimeException e) {
                log.error("writing site-user sightings failed", e);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join(2_000);
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StoreException e) {
            log.warn("{} site-user sightings could not be written at shutdown", pending());
        }
    }
}

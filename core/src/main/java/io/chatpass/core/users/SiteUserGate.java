package io.chatpass.core.users;

import io.chatpass.core.login.SiteUser;
import io.chatpass.core.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits verified site users: records them in the store and refuses blocked ones.
 *
 * <p>Sightings: a busy user costs at most one sighting per {@link #RECORD_EVERY} in each process, written behind the
 * request in batches ({@link SightingWriter}).
 *
 * <p>Blocks: each process holds the list of blocked users in memory and checks the store's block-list version (one
 * row) every {@link #BLOCK_CHECK_EVERY}, reloading the list only when it changed. So a request costs no store read,
 * a block made through this process takes effect at once ({@link #refresh()}), and one made elsewhere (the CLI,
 * another process) within {@link #BLOCK_CHECK_EVERY}. If the store cannot be read for {@link #BLOCK_LIST_MAX_AGE}, the
 * list is no longer trusted and every admission fails as a store outage (503), as it did when each check read the
 * store: a block is never ignored for longer than that.
 *
 * <p>Erasures move the same version: each process then forgets which users it recorded, so a user who returns after
 * being erased is recorded again (at once in the process that erased, within {@link #BLOCK_CHECK_EVERY} elsewhere).
 */
public final class SiteUserGate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SiteUserGate.class);
    public static final Duration RECORD_EVERY = Duration.ofMinutes(5);
    private static final long RECORD_EVERY_MILLIS = RECORD_EVERY.toMillis();
    public static final Duration BLOCK_CHECK_EVERY = Duration.ofSeconds(1);
    public static final Duration BLOCK_LIST_MAX_AGE = Duration.ofSeconds(30);
    /**
     * Users whose last written sighting is remembered (2 MiB, {@link CompactUserTable}): past it, those written longest ago
     * are forgotten and simply written again at their next request.
     */
    static final int USERS_REMEMBERED = 131_072;

    /**
     * What this process knows of the block list: the store's version, the blocked ids, the pseudonyms of blocked users
     * who were erased, and when it was last confirmed.
     */
    private record BlockList(long version, Set<String> ids, Set<String> erased, long confirmedAtNanos) {
    }

    private final SiteUsers users;
    private final Clock clock;
    private final SightingWriter sightings;
    /** When each user's sighting was last queued (epoch millis of {@link #clock}). */
    private final CompactUserTable recorded;
    private final Thread poller;
    private final Duration checkEvery;
    private final Duration maxAge;
    private volatile BlockList blockList;
    private volatile Throwable lastFailure;

    /**
     * Reads the block list now (a store that cannot be read fails the construction) and keeps it fresh in the
     * background.
     *
     * @param clock what "every 5 minutes" of sightings is measured on (tests move it)
     */
    public SiteUserGate(SiteUsers users, Clock clock) {
        this(users, clock, BLOCK_CHECK_EVERY, BLOCK_LIST_MAX_AGE);
    }

    /** Tests shorten the intervals. */
    SiteUserGate(SiteUsers users, Clock clock, Duration checkEvery, Duration maxAge) {
        this.users = users;
        this.clock = clock;
        this.checkEvery = checkEvery;
        this.maxAge = maxAge;
        this.recorded = new CompactUserTable(USERS_REMEMBERED, new CompactUserTable.Policy() {
            @Override
            public long visit(long writtenAt, long now) {
                return due(writtenAt, now) ? now : writtenAt;
            }

            @Override
            public long worth(long writtenAt, long now) {
                return writtenAt; // the one written longest ago is the first due again anyway
            }
        });
        this.blockList = read(new BlockList(-1, Set.of(), Set.of(), 0));
        this.sightings = new SightingWriter(users);
        this.poller = Thread.ofPlatform().daemon().name("chatpass-block-list").start(this::poll);
    }

    /**
     * True when the user may proceed; false when blocked. Records the sighting when it is due.
     *
     * @throws StoreException (unavailable) when the block list could not be confirmed for {@link #BLOCK_LIST_MAX_AGE}
     */
    public boolean admit(SiteUser user) {
        BlockList list = blockList;
        if (System.nanoTime() - list.confirmedAtNanos() > maxAge.toNanos()) {
            throw StoreException.unavailable("the block list could not be read from the store for over "
                    + maxAge.toMillis() + " ms", lastFailure);
        }
        if (list.ids().contains(user.id()) || users.inErasedBlocks(user.id(), list.erased())) return false;
        long now = clock.millis();
        if (due(recorded.visit(user.id(), now), now)) {
            sightings.record(user.id(), user.email(), user.name(), now);
        }
        return true;
    }

    /** True when {@link #admit} cannot wait on the store (its sightings queue has room): see SightingWriter#hasRoom. */
    public boolean admitsWithoutWaiting() {
        return sightings.hasRoom();
    }

    private static boolean due(long writtenAt, long now) {
        return writtenAt == 0 || now - writtenAt >= RECORD_EVERY_MILLIS || now < writtenAt;
    }

    /** Reads the block list's version now, and the list if it changed (after a block or unblock made here). */
    public void refresh() {
        blockList = read(blockList);
    }

    /** How many users this process knows to be blocked. */
    public int blockedCount() {
        return blockList.ids().size();
    }

    private synchronized BlockList read(BlockList known) {
        long version = users.blockListVersion();
        // The version is read before the list: a change committed in between shows up as a newer version next time.
        if (version == known.version()) return new BlockList(version, known.ids(), known.erased(), System.nanoTime());
        // The version moves with every erasure too: a user erased since is no longer recorded, so this process forgets
        // whom it recorded, and a returning user is written again at their next request.
        if (known.version() >= 0) recorded.forgetAll();
        return new BlockList(version, users.blockedIds(), users.erasedBlocks(), System.nanoTime());
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(checkEvery.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                refresh();
                if (lastFailure != null) log.info("block list readable again ({} blocked users)", blockedCount());
                lastFailure = null;
            } catch (RuntimeException e) {
                if (lastFailure == null) log.warn("block list cannot be read from the store; the last one read stays in force "
                        + "for up to {} ms: {}", maxAge.toMillis(), e.toString());
                lastFailure = e;
            }
        }
    }

    /** Writes the queued sightings now (admin reads, tests). */
    public void flush() {
        sightings.flush();
    }

    public SightingWriter sightings() {
        return sightings;
    }

    /** Writes what is queued and stops checking the block list; the gate records nothing more. */
    @Override
    public void close() {
        poller.interrupt();
        sightings.close();
    }
}

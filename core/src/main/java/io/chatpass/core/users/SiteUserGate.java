package io.chatpass.core.users;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatpass.core.login.SiteUser;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Admits verified site users: records them in the store and refuses blocked ones. A busy user costs at most one
 * sighting per {@link #RECORD_EVERY} and one read per {@link #BLOCK_CHECK_EVERY} in each process, not one per
 * request; sightings are written behind the request, in batches ({@link SightingWriter}). A block made through this process takes effect at once; one made elsewhere (CLI, another process)
 * within {@link #BLOCK_CHECK_EVERY}.
 */
public final class SiteUserGate implements AutoCloseable {
    public static final Duration RECORD_EVERY = Duration.ofMinutes(5);
    public static final Duration BLOCK_CHECK_EVERY = Duration.ofSeconds(5);
    private static final int MAX_USERS_REMEMBERED = 200_000;

    private final SiteUsers users;
    private final Clock clock;
    private final SightingWriter sightings;
    private final Cache<String, Boolean> recorded;
    private final Cache<String, Boolean> blocked;

    /** @param clock what "every 5 minutes" and "every 5 seconds" are measured on (tests move it) */
    public SiteUserGate(SiteUsers users, Clock clock) {
        this.users = users;
        this.clock = clock;
        this.sightings = new SightingWriter(users);
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.recorded = Caffeine.newBuilder().ticker(ticker).maximumSize(MAX_USERS_REMEMBERED).expireAfterWrite(RECORD_EVERY).build();
        this.blocked = Caffeine.newBuilder().ticker(ticker).maximumSize(MAX_USERS_REMEMBERED).expireAfterWrite(BLOCK_CHECK_EVERY).build();
    }

    /** True when the user may proceed; false when blocked. Records the sighting when it is due. */
    public boolean admit(SiteUser user) {
        if (recorded.getIfPresent(user.id()) == null) {
            sightings.record(user.id(), user.email(), user.name(), clock.millis());
            recorded.put(user.id(), Boolean.TRUE);
        }
        return !blocked.get(user.id(), users::isBlocked);
    }

    /** Writes the queued sightings now (admin reads, tests). */
    public void flush() {
        sightings.flush();
    }

    public SightingWriter sightings() {
        return sightings;
    }

    /** Writes what is queued; the gate records nothing more. */
    @Override
    public void close() {
        sightings.close();
    }

    /** Drops what this process remembers of a user (after a block or unblock here). */
    public void forget(String id) {
        blocked.invalidate(id);
    }
}

package io.chatpass.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatpass.core.users.CompactUserTable;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.ThreadUnsafeBucket;
import java.time.Clock;
import java.time.Duration;

/**
 * A per-user allowance of so many actions a minute (a Bucket4j token bucket that refills its whole capacity in a
 * minute), at a few bytes for most users.
 *
 * <p>Most users never come near their allowance, and a bucket per user (Bucket4j's bucket and its cache entry, ~400
 * bytes) for 50,000 of them was a third of the live heap; a burst of 50,000 first visits filled the old generation
 * with them (a full collection every second, docs/benchmarks.md). So a user gets a bucket only once they have used
 * half their allowance: until then their actions are counted in a {@link CompactUserTable} (this minute's and the
 * last minute's counts, 16 bytes a user), and allowed, which is what their bucket would do: a bucket that refills its
 * whole capacity in a minute holds at least capacity minus the actions of the last minute, and those two counts cover
 * that minute. The bucket a user then gets starts drained by the actions counted, so it is never more lenient than
 * one made at their first action; it can be stricter by the part of the previous minute's count older than sixty
 * seconds, which it refills within the minute. A user the full table drops to make room (the least active of the
 * eight sharing a set) starts counting again, as a user whose bucket the cache forgot starts with a full one.
 *
 * <p>Time comes from the injected clock, buckets and caches alike, so tests move it instead of waiting.
 */
public final class UserAllowance {
    private final BucketConfiguration configuration;
    private final Cache<String, Bucket> buckets;
    private final CompactUserTable counted;
    private final int bucketAfter;
    private final TimeMeter time;
    private final Clock clock;

    /**
     * @param perMinute  actions a user may take a minute
     * @param users      users whose counts are kept before they have a bucket (16 bytes each)
     * @param maxBuckets buckets held at most; past it Caffeine forgets the least used first (W-TinyLFU keeps the
     *                   frequent ones, so a user hammering keeps theirs), and a forgotten user starts again with a full
     *                   minute's allowance, as after two idle minutes
     */
    public UserAllowance(int perMinute, Clock clock, int users, int maxBuckets) {
        this.configuration = perMinute(perMinute);
        this.time = timeMeter(clock);
        // A bucket idle for a minute is full again: forgetting it then changes nothing.
        this.buckets = Caffeine.newBuilder().ticker(() -> clock.millis() * 1_000_000L).maximumSize(maxBuckets)
                .expireAfterAccess(Duration.ofMinutes(2)).build();
        this.counted = new CompactUserTable(users, MinuteCounts.POLICY);
        this.bucketAfter = Math.max(1, perMinute / 2);
        this.clock = clock;
    }

    /**
     * Takes one action from the user's allowance.
     *
     * @return 0 when taken; otherwise nothing was taken and the value is the seconds to wait (at least 1)
     */
    public long take(String userId) {
        Bucket b = buckets.getIfPresent(userId);
        if (b == null) {
            long now = clock.millis();
            int before = MinuteCounts.lastMinute(counted.visit(userId, now), now);
            if (before + 1 < bucketAfter) return 0;
            b = buckets.get(userId, k -> drained(bucket(configuration, time), before));
        }
        return take(b);
    }

    /** Users holding a bucket now (they used half their allowance within about a minute). */
    long buckets() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** 0 when one token was taken from the bucket, else the seconds until one is back (at least 1). */
    static long take(Bucket b) {
        ConsumptionProbe p;
        synchronized (b) {
            p = b.tryConsumeAndReturnRemaining(1);
        }
        return p.isConsumed() ? 0 : Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    static BucketConfiguration perMinute(int perMinute) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
    }

    static TimeMeter timeMeter(Clock clock) {
        if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) return TimeMeter.SYSTEM_MILLISECONDS;
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * One bucket per key, sharing its limit's configuration, without Bucket4j's lock-free state: that one copies the
     * bucket's state on every request, and with one bucket per user (50,000 and more) those copies lived just long
     * enough to be promoted and die in the old generation (constant concurrent marking in the profile). The
     * thread-unsafe bucket updates its state in place; every use holds the bucket's monitor.
     */
    static Bucket bucket(BucketConfiguration configuration, TimeMeter time) {
        return new ThreadUnsafeBucket(configuration, MathType.INTEGER_64_BITS, time, BucketListener.NOPE);
    }

    private static Bucket drained(Bucket b, long actions) {
        long n = Math.min(actions, b.getAvailableTokens());
        if (n > 0) b.consumeIgnoringRateLimits(n);
        return b;
    }

    /**
     * A user's actions in whole minutes since the epoch, packed in one long: the minute (high 32 bits), the previous
     * minute's count and this minute's (16 bits each, saturating).
     */
    static final class MinuteCounts {
        static final CompactUserTable.Policy POLICY = new CompactUserTable.Policy() {
            @Override
            public long visit(long old, long now) {
                long minute = now / 60_000;
                if (old != 0 && minuteOf(old) >= minute) return pack(minuteOf(old), previous(old), current(old) + 1);
                if (old != 0 && minuteOf(old) == minute - 1) return pack(minute, current(old), 1);
                return pack(minute, 0, 1);
            }

            @Override
            public long worth(long counts, long now) {
                return lastMinute(counts, now); // a heavy user keeps their counts; idle ones go first
            }
        };

        /** Actions counted in this minute and the one before (0 for an unknown user). */
        static int lastMinute(long counts, long now) {
            if (counts == 0) return 0;
            long minute = now / 60_000;
            if (minuteOf(counts) >= minute) return previous(counts) + current(counts);
            return minuteOf(counts) == minute - 1 ? current(counts) : 0;
        }

        private static long pack(long minute, int previous, int current) {
            return minute << 32 | (long) Math.min(previous, 0xFFFF) << 16 | Math.min(current, 0xFFFF);
        }

        private static long minuteOf(long counts) {
            return counts >>> 32;
        }

        private static int previous(long counts) {
            return (int) (counts >>> 16) & 0xFFFF;
        }

        private static int current(long counts) {
            return (int) counts & 0xFFFF;
        }
    }
}

package io.chatpass.server.limits;

import io.chatpass.core.IpRanges;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.ThreadUnsafeBucket;
import io.github.bucket4j.ConsumptionProbe;
import io.chatpass.core.users.CompactUserTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * Token buckets (Bucket4j) per client address and per verified user: each holds a minute's allowance and refills
 * steadily. An empty bucket throws {@link RateLimited} (the web layer answers 429 rate_limited with Retry-After). Time
 * comes from the injected clock, buckets and caches alike, so tests move it instead of waiting. Loopback clients are not counted per address
 * unless configured to (a local reverse proxy would make every visitor one address).
 *
 * <p>Most users never come near their allowance, and a bucket per user (Bucket4j's bucket and its cache entry, ~400
 * bytes) for 50,000 of them was a third of the live heap. So a user gets a bucket only once they have made half their
 * per-minute allowance: until then their requests are counted in a {@link CompactUserTable} table (this minute's and the
 * last minute's counts, 16 bytes a user), and admitted, which is what their bucket would do: a bucket that refills
 * its whole capacity in a minute holds at least capacity minus the requests of the last minute, and those two counts
 * cover that minute. The bucket a user then gets starts drained by the requests counted, so it is never more
 * lenient than one made at their first request; it can be stricter by the part of the previous minute's count older
 * than sixty seconds, which it refills within the minute. A user the full table drops to make room (the least active
 * of the eight sharing a set) starts counting again, as a user whose bucket the cache forgot starts with a full one.
 */
public final class RateLimits {
    /** Limits as the configuration gives them; {@code enabled = false} turns both off. */
    public record Settings(boolean enabled, int perIpPerMinute, int perUserPerMinute, boolean countLoopback) {
    }

    private static final int MAX_KEYS = 200_000;
    /**
     * Per-user buckets held at most. Past it, Caffeine forgets the least used first (W-TinyLFU keeps the frequent
     * ones, so a user hammering the API keeps their bucket); a forgotten user starts again with a full minute's
     * allowance, as after two idle minutes. The per-address limit still applies. Bounded so a first-visit flood of
     * new users cannot fill the heap with buckets (docs/benchmarks.md).
     */
    private static final int MAX_USER_BUCKETS = 64_000;
    /** Users whose recent requests are counted before they have a bucket (2 MiB). */
    private static final int USERS_COUNTED = 131_072;

    private final Settings settings;
    private final BucketConfiguration perIp;
    private final BucketConfiguration perUser;
    private final Cache<String, Bucket> byIp;
    private final Cache<String, Bucket> byUser;
    private final Cache<String, Bucket> failedAdminAttempts;
    private final CompactUserTable recentRequests;
    private final int bucketAfter;
    private final Counter ipRefused;
    private final Counter userRefused;
    private final Counter adminRefused;
    private final Clock clock;
    private final TimeMeter time;

    public RateLimits(Settings settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.time = clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone()) ? TimeMeter.SYSTEM_MILLISECONDS : new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        com.github.benmanes.caffeine.cache.Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.perIp = configuration(settings.perIpPerMinute());
        this.perUser = configuration(settings.perUserPerMinute());
        // A bucket idle for a minute is full again: forgetting it then changes nothing.
        this.byIp = Caffeine.newBuilder().ticker(ticker).maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.byUser = Caffeine.newBuilder().ticker(ticker).maximumSize(MAX_USER_BUCKETS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.recentRequests = new CompactUserTable(USERS_COUNTED, MinuteCounts.POLICY);
        this.bucketAfter = Math.max(1, settings.perUserPerMinute() / 2);
        this.failedAdminAttempts = Caffeine.newBuilder().ticker(ticker).maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.ipRefused = Counter.builder("chatpass.ratelimit.refused").tag("scope", "ip").register(registry);
        this.userRefused = Counter.builder("chatpass.ratelimit.refused").tag("scope", "user").register(registry);
        this.adminRefused = Counter.builder("chatpass.ratelimit.refused").tag("scope", "admin").register(registry);
    }

    /** Counts one request from this client address; throws 429 when its bucket is empty. */
    public void checkIp(String ip) {
        if (!settings.enabled()) return;
        if (!settings.countLoopback() && IpRanges.isLoopbackLiteral(ip)) return;
        take(byIp.get(ip, k -> bucket(perIp)), ipRefused);
    }

    /** Counts one request of this verified user; throws 429 when their bucket is empty. */
    public void checkUser(String userId) {
        if (!settings.enabled()) return;
        Bucket b = byUser.getIfPresent(userId);
        if (b == null) {
            long now = clock.millis();
            int before = MinuteCounts.lastMinute(recentRequests.visit(userId, now), now);
            if (before + 1 < bucketAfter) return;
            b = byUser.get(userId, k -> drained(bucket(perUser), before));
        }
        take(b, userRefused);
    }

    /** Users holding a bucket now (they made half their allowance within about a minute). */
    long userBuckets() {
        byUser.cleanUp();
        return byUser.estimatedSize();
    }

    private static Bucket drained(Bucket b, long requests) {
        long n = Math.min(requests, b.getAvailableTokens());
        if (n > 0) b.consumeIgnoringRateLimits(n);
        return b;
    }

    /**
     * A user's requests in whole minutes since the epoch, packed in one long: the minute (high 32 bits), the previous
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

        /** Requests counted in this minute and the one before (0 for an unknown user). */
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

    /**
     * Failed admin authentications (console sign-ins and admin API requests together) allowed per client address and
     * minute, loopback included, limits on or off.
     */
    public static final int FAILED_ADMIN_ATTEMPTS_PER_MINUTE = 10;
    private static final BucketConfiguration FAILED_ADMIN_ATTEMPTS = configuration(FAILED_ADMIN_ATTEMPTS_PER_MINUTE);

    /** One admin authentication attempt that was let through; a right token hands its allowance back. */
    public interface Attempt {
        void succeeded();
    }

    /**
     * Takes one attempt from this address's allowance before the token is compared (so attempts running in parallel
     * cannot all pass one check made before any of them failed).
     *
     * @throws RateLimited when the address has none left
     */
    public Attempt adminAttempt(String ip) {
        Bucket b = failedAdminAttempts.get(ip, k -> bucket(FAILED_ADMIN_ATTEMPTS));
        take(b, adminRefused);
        return () -> {
            synchronized (b) {
                b.addTokens(1);
            }
        };
    }

    private static BucketConfiguration configuration(int perMinute) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
    }

    /**
     * One bucket per key, sharing its limit's configuration, without Bucket4j's lock-free state: that one copies the
     * bucket's state on every request, and with one bucket per user (50,000 and more) those copies lived just long
     * enough to be promoted and die in the old generation (constant concurrent marking in the profile). The
     * thread-unsafe bucket updates its state in place; every use holds the bucket's monitor.
     */
    private Bucket bucket(BucketConfiguration configuration) {
        return new ThreadUnsafeBucket(configuration, MathType.INTEGER_64_BITS, time, BucketListener.NOPE);
    }

    private static void take(Bucket b, Counter refused) {
        ConsumptionProbe p;
        synchronized (b) {
            p = b.tryConsumeAndReturnRemaining(1);
        }
        if (p.isConsumed()) return;
        refused.increment();
        long seconds = Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        throw new RateLimited(seconds);
    }
}

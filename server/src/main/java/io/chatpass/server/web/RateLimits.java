package io.chatpass.server.web;

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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per client address and per verified user: each holds a minute's allowance and refills
 * steadily. An empty bucket answers 429 rate_limited with Retry-After. Loopback clients are not counted per address
 * unless configured to (a local reverse proxy would make every visitor one address).
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

    private final Settings settings;
    private final BucketConfiguration perIp;
    private final BucketConfiguration perUser;
    private final Cache<String, Bucket> byIp;
    private final Cache<String, Bucket> byUser;
    private final Cache<String, Bucket> failedSignIns;
    private final Counter ipRefused;
    private final Counter userRefused;

    public RateLimits(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        this.perIp = configuration(settings.perIpPerMinute());
        this.perUser = configuration(settings.perUserPerMinute());
        // A bucket idle for a minute is full again: forgetting it then changes nothing.
        this.byIp = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.byUser = Caffeine.newBuilder().maximumSize(MAX_USER_BUCKETS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.failedSignIns = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.ipRefused = Counter.builder("chatpass.ratelimit.refused").tag("scope", "ip").register(registry);
        this.userRefused = Counter.builder("chatpass.ratelimit.refused").tag("scope", "user").register(registry);
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
        take(byUser.get(userId, k -> bucket(perUser)), userRefused);
    }

    /** Failed admin console sign-ins allowed per client address and minute (loopback included, limits on or off). */
    public static final int FAILED_SIGN_INS_PER_MINUTE = 10;

    /** Refuses (429) a sign-in attempt from an address that used up its failed attempts; counts nothing. */
    public void checkSignIn(String ip) {
        Bucket b = failedSignIns.getIfPresent(ip);
        if (b != null) {
            long available;
            synchronized (b) {
                available = b.getAvailableTokens();
            }
            if (available < 1) take(b, ipRefused);
        }
    }

    /** Counts one failed sign-in of this address. */
    public void failedSignIn(String ip) {
        Bucket b = failedSignIns.get(ip, k -> bucket(FAILED_SIGN_INS));
        synchronized (b) {
            b.tryConsume(1);
        }
    }

    private static final BucketConfiguration FAILED_SIGN_INS = configuration(FAILED_SIGN_INS_PER_MINUTE);

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
    private static Bucket bucket(BucketConfiguration configuration) {
        return new ThreadUnsafeBucket(configuration, MathType.INTEGER_64_BITS, TimeMeter.SYSTEM_MILLISECONDS, BucketListener.NOPE);
    }

    private static void take(Bucket b, Counter refused) {
        ConsumptionProbe p;
        synchronized (b) {
            p = b.tryConsumeAndReturnRemaining(1);
        }
        if (p.isConsumed()) return;
        refused.increment();
        long seconds = Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        throw new ProblemException(new Problem(429, "rate_limited", "Too many requests",
                "Too many requests; wait for the time in Retry-After before trying again."),
                Map.of("Retry-After", Long.toString(seconds)));
    }
}

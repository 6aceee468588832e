package io.chatpass.server.limits;

import io.chatpass.core.IpRanges;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
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
 * <p>Per user, a {@link UserAllowance}: most users cost 16 bytes, not a bucket (see there).
 */
public final class RateLimits {
    /** Limits as the configuration gives them; {@code enabled = false} turns both off. */
    public record Settings(boolean enabled, int perIpPerMinute, int perUserPerMinute, boolean countLoopback) {
    }

    private static final int MAX_KEYS = 200_000;
    /**
     * Per-user buckets held at most (see {@link UserAllowance}); the per-address limit still applies. Bounded so a
     * first-visit flood of new users cannot fill the heap with buckets (docs/benchmarks.md).
     */
    private static final int MAX_USER_BUCKETS = 64_000;
    /** Users whose recent requests are counted before they have a bucket (2 MiB). */
    private static final int USERS_COUNTED = 131_072;

    private final Settings settings;
    private final BucketConfiguration perIp;
    private final Cache<String, Bucket> byIp;
    private final Cache<String, Bucket> failedAdminAttempts;
    private final UserAllowance perUser;
    private final Counter ipRefused;
    private final Counter userRefused;
    private final Counter adminRefused;
    private final TimeMeter time;

    public RateLimits(Settings settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.time = UserAllowance.timeMeter(clock);
        com.github.benmanes.caffeine.cache.Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.perIp = configuration(settings.perIpPerMinute());
        // A bucket idle for a minute is full again: forgetting it then changes nothing.
        this.byIp = Caffeine.newBuilder().ticker(ticker).maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.perUser = new UserAllowance(settings.perUserPerMinute(), clock, USERS_COUNTED, MAX_USER_BUCKETS);
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

    /** Counts one request of this verified user; throws 429 when their allowance is used up. */
    public void checkUser(String userId) {
        if (!settings.enabled()) return;
        long wait = perUser.take(userId);
        if (wait == 0) return;
        userRefused.increment();
        throw new RateLimited(wait);
    }

    /** Users holding a bucket now (they made half their allowance within about a minute). */
    long userBuckets() {
        return perUser.buckets();
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
        return UserAllowance.perMinute(perMinute);
    }

    private Bucket bucket(BucketConfiguration configuration) {
        return UserAllowance.bucket(configuration, time);
    }

    private static void take(Bucket b, Counter refused) {
        long wait = UserAllowance.take(b);
        if (wait == 0) return;
        refused.increment();
        throw new RateLimited(wait);
    }
}

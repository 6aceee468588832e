package io.chatpass.server.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
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

    private final Settings settings;
    private final Cache<String, Bucket> byIp;
    private final Cache<String, Bucket> byUser;
    private final Cache<String, Bucket> failedSignIns;
    private final Counter ipRefused;
    private final Counter userRefused;

    public RateLimits(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        // A bucket idle for a minute is full again: forgetting it then changes nothing.
        this.byIp = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.byUser = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.failedSignIns = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.ipRefused = Counter.builder("chatpass.ratelimit.refused").tag("scope", "ip").register(registry);
        this.userRefused = Counter.builder("chatpass.ratelimit.refused").tag("scope", "user").register(registry);
    }

    /** Counts one request from this client address; throws 429 when its bucket is empty. */
    public void checkIp(String ip) {
        if (!settings.enabled()) return;
        if (!settings.countLoopback() && IpRanges.isLoopbackLiteral(ip)) return;
        take(byIp.get(ip, k -> bucket(settings.perIpPerMinute())), ipRefused);
    }

    /** Counts one request of this verified user; throws 429 when their bucket is empty. */
    public void checkUser(String userId) {
        if (!settings.enabled()) return;
        take(byUser.get(userId, k -> bucket(settings.perUserPerMinute())), userRefused);
    }

    /** Failed admin console sign-ins allowed per client address and minute (loopback included, limits on or off). */
    public static final int FAILED_SIGN_INS_PER_MINUTE = 10;

    /** Refuses (429) a sign-in attempt from an address that used up its failed attempts; counts nothing. */
    public void checkSignIn(String ip) {
        Bucket b = failedSignIns.getIfPresent(ip);
        if (b != null && b.getAvailableTokens() < 1) take(b, ipRefused);
    }

    /** Counts one failed sign-in of this address. */
    public void failedSignIn(String ip) {
        failedSignIns.get(ip, k -> bucket(FAILED_SIGN_INS_PER_MINUTE)).tryConsume(1);
    }

    private static Bucket bucket(int perMinute) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
    }

    private static void take(Bucket b, Counter refused) {
        ConsumptionProbe p = b.tryConsumeAndReturnRemaining(1);
        if (p.isConsumed()) return;
        refused.increment();
        long seconds = Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        throw new ProblemException(new Problem(429, "rate_limited", "Too many requests",
                "Too many requests; wait for the time in Retry-After before trying again."),
                Map.of("Retry-After", Long.toString(seconds)));
    }
}

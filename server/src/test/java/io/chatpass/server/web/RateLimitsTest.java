package io.chatpass.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatpass.core.users.UserSlots;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    private static RateLimits limits(int perUserPerMinute) {
        return new RateLimits(new RateLimits.Settings(true, 1_000, perUserPerMinute, false), new SimpleMeterRegistry());
    }

    /** Requests of one user admitted in a row, until the first 429. */
    private static int admittedInARow(RateLimits limits, String user, int atMost) {
        for (int i = 0; i < atMost; i++) {
            try {
                limits.checkUser(user);
            } catch (ProblemException e) {
                assertThat(e.problem().status()).isEqualTo(429);
                assertThat(e.problem().code()).isEqualTo("rate_limited");
                assertThat(e.headers()).containsKey("Retry-After");
                return i;
            }
        }
        return atMost;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 120, 1_000})
    void aUserGetsExactlyTheirAllowanceWhetherCountedOrBucketed(int perMinute) {
        RateLimits limits = limits(perMinute);
        // Within a second the buckets refill less than one request's worth for allowances up to 1,000 a minute, except
        // at the largest, where a slow machine may see one or two more.
        int admitted = admittedInARow(limits, "alice", perMinute * 2 + 10);
        if (perMinute < 1_000) assertThat(admitted).isEqualTo(perMinute);
        else assertThat(admitted).isBetween(perMinute, perMinute + 20);
        assertThat(admittedInARow(limits, "bob", 1)).as("another user is not limited").isEqualTo(1);
    }

    @Test
    void usersFarFromTheirAllowanceHoldNoBucket() {
        RateLimits limits = limits(120);
        for (int round = 0; round < 10; round++) {
            for (int u = 0; u < 5_000; u++) limits.checkUser("user-" + u);
        }
        assertThat(limits.userBuckets()).isZero();
        for (int i = 0; i < 60; i++) limits.checkUser("busy");
        assertThat(limits.userBuckets()).as("half the allowance made: the user is bucketed").isEqualTo(1);
    }

    @Test
    void disabledLimitsCountNothing() {
        RateLimits limits = new RateLimits(new RateLimits.Settings(false, 1, 1, true), new SimpleMeterRegistry());
        assertThat(admittedInARow(limits, "alice", 50)).isEqualTo(50);
        assertThat(limits.userBuckets()).isZero();
    }

    @Test
    void minuteCountsRollOverAndForgetOldMinutes() {
        UserSlots.Policy p = RateLimits.MinuteCounts.POLICY;
        long t0 = 1_000 * 60_000L; // the start of minute 1,000
        long v = p.visit(0, t0);
        v = p.visit(v, t0 + 1_000);
        assertThat(RateLimits.MinuteCounts.lastMinute(v, t0 + 2_000)).isEqualTo(2);
        v = p.visit(v, t0 + 61_000); // next minute: 2 become the previous minute's
        assertThat(RateLimits.MinuteCounts.lastMinute(v, t0 + 62_000)).isEqualTo(3);
        assertThat(RateLimits.MinuteCounts.lastMinute(v, t0 + 121_000)).as("only the last minute's one").isEqualTo(1);
        assertThat(RateLimits.MinuteCounts.lastMinute(v, t0 + 181_000)).isZero();
        v = p.visit(v, t0 + 300_000); // long idle: starts again
        assertThat(RateLimits.MinuteCounts.lastMinute(v, t0 + 300_000)).isEqualTo(1);
        assertThat(RateLimits.MinuteCounts.lastMinute(0, t0)).isZero();
    }
}

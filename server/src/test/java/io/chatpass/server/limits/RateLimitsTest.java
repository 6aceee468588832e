package io.chatpass.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatpass.core.login.MutableClock;
import io.chatpass.core.users.CompactUserTable;
import java.time.Duration;
import java.time.Instant;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    /** Time stands still unless a test moves it: allowances are exact, however slow the machine. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private RateLimits limits(int perUserPerMinute) {
        return new RateLimits(new RateLimits.Settings(true, 1_000, perUserPerMinute, false), new SimpleMeterRegistry(), clock);
    }

    /** Requests of one user admitted in a row, until the first 429. */
    private static int admittedInARow(RateLimits limits, String user, int atMost) {
        for (int i = 0; i < atMost; i++) {
            try {
                limits.checkUser(user);
            } catch (RateLimited e) {
                assertThat(e.retryAfterSeconds()).isPositive();
                return i;
            }
        }
        return atMost;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 120, 1_000})
    void aUserGetsExactlyTheirAllowanceWhetherCountedOrBucketed(int perMinute) {
        RateLimits limits = limits(perMinute);
        assertThat(admittedInARow(limits, "alice", perMinute * 2 + 10)).isEqualTo(perMinute);
        assertThat(admittedInARow(limits, "bob", 1)).as("another user is not limited").isEqualTo(1);
    }

    @Test
    void anEmptyAllowanceRefillsWithTheClockAndSaysWhenInRetryAfter() {
        RateLimits limits = limits(60); // one request a second
        assertThat(admittedInARow(limits, "alice", 100)).isEqualTo(60);
        RateLimited refused = org.junit.jupiter.api.Assertions.assertThrows(RateLimited.class, () -> limits.checkUser("alice"));
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        clock.advance(Duration.ofMillis(999));
        assertThat(admittedInARow(limits, "alice", 1)).as("not yet a whole request refilled").isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(admittedInARow(limits, "alice", 100)).as("ten seconds refill ten requests").isEqualTo(10);
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
        RateLimits limits = new RateLimits(new RateLimits.Settings(false, 1, 1, true), new SimpleMeterRegistry(), clock);
        assertThat(admittedInARow(limits, "alice", 50)).isEqualTo(50);
        assertThat(limits.userBuckets()).isZero();
    }

    @Test
    void minuteCountsRollOverAndForgetOldMinutes() {
        CompactUserTable.Policy p = UserAllowance.MinuteCounts.POLICY;
        long t0 = 1_000 * 60_000L; // the start of minute 1,000
        long v = p.visit(0, t0);
        v = p.visit(v, t0 + 1_000);
        assertThat(UserAllowance.MinuteCounts.lastMinute(v, t0 + 2_000)).isEqualTo(2);
        v = p.visit(v, t0 + 61_000); // next minute: 2 become the previous minute's
        assertThat(UserAllowance.MinuteCounts.lastMinute(v, t0 + 62_000)).isEqualTo(3);
        assertThat(UserAllowance.MinuteCounts.lastMinute(v, t0 + 121_000)).as("only the last minute's one").isEqualTo(1);
        assertThat(UserAllowance.MinuteCounts.lastMinute(v, t0 + 181_000)).isZero();
        v = p.visit(v, t0 + 300_000); // long idle: starts again
        assertThat(UserAllowance.MinuteCounts.lastMinute(v, t0 + 300_000)).isEqualTo(1);
        assertThat(UserAllowance.MinuteCounts.lastMinute(0, t0)).isZero();
    }
}

package io.chatpass.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.login.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The allowance on its own, as the LiveChat broker uses it for upstream calls per user. */
class UserAllowanceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

    @Test
    void aBurstOfFirstVisitsMakesNoBuckets() {
        UserAllowance a = new UserAllowance(20, clock, 131_072, 64_000);
        for (int i = 0; i < 50_000; i++) assertThat(a.take("user-" + i)).isZero();
        assertThat(a.buckets()).as("one call each: counted in the compact table, no bucket").isZero();
    }

    @Test
    void aUserGetsTheirAllowanceThenTheWaitUntilItRefills() {
        UserAllowance a = new UserAllowance(6, clock, 1_024, 100);
        for (int i = 0; i < 6; i++) assertThat(a.take("alice")).as("call %d", i + 1).isZero();
        long wait = a.take("alice");
        assertThat(wait).as("seventh call in the minute").isBetween(1L, 10L);
        assertThat(a.buckets()).isEqualTo(1);
        assertThat(a.take("bob")).as("another user is not affected").isZero();
        clock.advance(Duration.ofSeconds(wait));
        assertThat(a.take("alice")).as("after the wait it said").isZero();
    }
}

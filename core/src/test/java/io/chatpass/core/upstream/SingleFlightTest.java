package io.chatpass.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
    static final class Refused extends Exception {
        Refused(String m) {
            super(m);
        }
    }

    static void await(CountDownLatch latch) throws Refused {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new Refused("interrupted");
        }
    }

    @Test
    void callersArrivingDuringAFlightShareItsAnswerAndTheWorkRunsOnce() throws Exception {
        SingleFlight<String, Integer> flights = new SingleFlight<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SingleFlight.Outcome<Integer>> first = pool.submit(() -> flights.callOnce("u", Refused.class, null, () -> new Refused("t"), () -> {
                runs.incrementAndGet();
                started.countDown();
                await(release);
                return 42;
            }));
            started.await();
            assertThat(flights.inFlight("u")).isTrue();
            List<Future<SingleFlight.Outcome<Integer>>> others = new ArrayList<>();
            for (int i = 0; i < 20; i++) others.add(pool.submit(() -> flights.callOnce("u", Refused.class, null, () -> new Refused("t"), () -> {
                runs.incrementAndGet();
                return -1;
            })));
            Thread.sleep(50);
            release.countDown();
            assertThat(first.get().shared()).isFalse();
            for (var f : others) assertThat(f.get()).isEqualTo(new SingleFlight.Outcome<>(42, true));
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(flights.inFlight("u")).isFalse();
    }

    @Test
    void aFailureIsSharedAsItselfAndAWaiterCanGiveUp() throws Exception {
        SingleFlight<String, Integer> flights = new SingleFlight<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = pool.submit(() -> flights.callOnce("u", Refused.class, null, () -> new Refused("t"), () -> {
                started.countDown();
                await(release);
                if (release.getCount() == 0) throw new Refused("vendor said no");
                return 0;
            }));
            started.await();
            assertThatThrownBy(() -> flights.callOnce("u", Refused.class, Duration.ofMillis(50), () -> new Refused("waited too long"), () -> 1))
                    .isInstanceOf(Refused.class).hasMessage("waited too long");
            Future<?> shared = pool.submit(() -> flights.callOnce("u", Refused.class, null, () -> new Refused("t"), () -> 1));
            Thread.sleep(50);
            release.countDown();
            assertThatThrownBy(shared::get).hasCauseInstanceOf(Refused.class).hasRootCauseMessage("vendor said no");
            assertThatThrownBy(first::get).hasRootCauseMessage("vendor said no");
        }
    }
}

package io.chatpass.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatpass.core.IpRanges;
import io.chatpass.server.limits.RateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainTest {
    /** A step that records its calls, and may answer or fail. */
    record Recording(String name, List<String> calls, boolean answers, boolean failsAfter) implements Step {
        @Override
        public boolean before(Exchange x) {
            calls.add("before " + name);
            return !answers;
        }

        @Override
        public void after(Exchange x, String route, int status, float millis, boolean fast) {
            calls.add("after " + name);
            if (failsAfter) throw new IllegalStateException(name);
        }
    }

    @Test
    void stepsRunInOrderBeforeAndInReverseAfterAndAnAnsweringStepStopsTheRest() {
        List<String> calls = new ArrayList<>();
        Chain chain = new Chain(List.of(new Recording("a", calls, false, false), new Recording("b", calls, true, false),
                new Recording("c", calls, false, false)));
        assertThat(chain.before(null)).isFalse();
        chain.after(null, "/x", 204, 1f, true);
        assertThat(calls).containsExactly("before a", "before b", "after c", "after b", "after a");
    }

    @Test
    void everyAfterRunsEvenWhenOneFails() {
        List<String> calls = new ArrayList<>();
        Chain chain = new Chain(List.of(new Recording("a", calls, false, false), new Recording("b", calls, false, true)));
        assertThatThrownBy(() -> chain.after(null, "/x", 200, 1f, false)).hasMessage("b");
        assertThat(calls).containsExactly("after b", "after a");
    }

    @Test
    void theWebLayersChainIsTheDocumentedListInItsOrder() {
        var settings = new WebLayer.Settings("127.0.0.1", 0, 1024, 8192, Duration.ofSeconds(1), true, IpRanges.of(List.of()), true, null);
        var registry = new SimpleMeterRegistry();
        WebLayer web = new WebLayer(settings, new Cors(Set.of(), null), registry,
                new RateLimits(new RateLimits.Settings(true, 60, 60, false), registry, Clock.systemUTC()), () -> { }, null);
        assertThat(web.steps()).containsExactly("RequestId", "Trace", "ClientAddress", "SecurityHeaders", "SizeLimit", "CorsStep",
                "AddressLimit", "AccessLogLine", "RouteTimer");
    }
}

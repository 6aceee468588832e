package io.chatpass.server.web;

import io.chatpass.core.IpRanges;
import io.chatpass.server.limits.RateLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * The steps of the web layer's chain, each one rule, in the order they run (docs/adr/0010-vendor-model.md): the
 * request id, the trace, the client address, security headers, the size limit, CORS, the per-address rate limit, the
 * access log and the route's timer. Authentication, the per-user limit and the block gate are not steps: a route asks
 * for the verified user when it needs one, after its own checks (a vendor not configured answers 404 before 401).
 */
final class InboundSteps {
    private InboundSteps() {
    }

    static List<Step> of(WebLayer.Settings settings, Cors cors, RateLimits limits, AccessLog accessLog, MeterRegistry registry) {
        return List.of(new RequestId(), new Trace(), new ClientAddress(settings.trustedProxies()),
                new SecurityHeaders(settings.strictTransportSecurity()), new SizeLimit(settings.maxRequestBytes()), new CorsStep(cors),
                new AddressLimit(limits), new AccessLogLine(accessLog), new RouteTimer(registry));
    }

    /** Takes the caller's X-Request-Id when it is safe, else makes one; echoes it and puts it in the log context. */
    static final class RequestId implements Step {
        @Override
        public boolean before(Exchange x) {
            RequestIds.assign(x);
            return true;
        }

        @Override
        public void after(Exchange x, String route, int status, float millis, boolean fast) {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /** A server span per request (when tracing is on), continuing the caller's trace context. */
    static final class Trace implements Step {
        @Override
        public boolean before(Exchange x) {
            RequestSpans.start(x);
            return true;
        }

        @Override
        public void after(Exchange x, String route, int status, float millis, boolean fast) {
            RequestSpans.end(x, route, status);
        }
    }

    /** The client's address: the TCP peer, or the forwarded address when the peer is a trusted proxy. */
    static final class ClientAddress implements Step {
        private final IpRanges trustedProxies;

        ClientAddress(IpRanges trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        @Override
        public boolean before(Exchange x) {
            x.attribute(ClientIp.ATTRIBUTE, ClientIp.resolve(x, trustedProxies));
            return true;
        }
    }

    /** nosniff on every answer, and Strict-Transport-Security when configured. */
    static final class SecurityHeaders implements Step {
        private final String strictTransportSecurity;

        SecurityHeaders(String strictTransportSecurity) {
            this.strictTransportSecurity = strictTransportSecurity;
        }

        @Override
        public boolean before(Exchange x) {
            x.header("X-Content-Type-Options", "nosniff");
            if (strictTransportSecurity != null) x.header("Strict-Transport-Security", strictTransportSecurity);
            return true;
        }
    }

    /** 413 for a declared body over the limit (a chunked one is bounded by the reader). */
    static final class SizeLimit implements Step {
        private final int maxRequestBytes;

        SizeLimit(int maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
        }

        @Override
        public boolean before(Exchange x) {
            long length = x.contentLength();
            if (length <= maxRequestBytes) return true;
            // Read a moderately oversized body before refusing it: answering while the client still sends makes the
            // closing connection reset it, and it may never see the 413. A large one is refused at once (and the
            // connection closed) rather than read.
            if (length <= WebLayer.DRAIN_LIMIT_BYTES) {
                try {
                    x.discardBody();
                } catch (java.io.IOException | RuntimeException ignored) {
                    // the client went away: the refusal below is all there is to do
                }
            } else {
                x.header("Connection", "close");
            }
            throw new ProblemException(WebLayer.fromJavalin(413));
        }
    }

    /** CORS for the allowed origins; a preflight is answered here. */
    static final class CorsStep implements Step {
        private final Cors cors;

        CorsStep(Cors cors) {
            this.cors = cors;
        }

        @Override
        public boolean before(Exchange x) {
            return !cors.apply(x);
        }
    }

    /** The per-address allowance on the /v1/ API (glue scripts, served to every page, are not counted). */
    static final class AddressLimit implements Step {
        private final RateLimits limits;

        AddressLimit(RateLimits limits) {
            this.limits = limits;
        }

        @Override
        public boolean before(Exchange x) {
            String path = x.path();
            if (path.startsWith("/v1/") && !path.startsWith("/v1/widget/")) limits.checkIp(ClientIp.of(x));
            return true;
        }
    }

    /** One access log line per request (when the access log is on). */
    static final class AccessLogLine implements Step {
        private final AccessLog accessLog;

        AccessLogLine(AccessLog accessLog) {
            this.accessLog = accessLog;
        }

        @Override
        public void after(Exchange x, String route, int status, float millis, boolean fast) {
            if (accessLog != null) {
                accessLog.log(RequestIds.of(x), MDC.get(RequestSpans.MDC_TRACE_ID), ClientIp.of(x), x.method(), x.path(), status, millis);
            }
        }
    }

    /** chatpass.http.requests by method, route, status and path taken. */
    static final class RouteTimer implements Step {
        private final MeterRegistry registry;
        /** Built once per (method, route, status): a Timer lookup per request showed in the profile. */
        private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

        RouteTimer(MeterRegistry registry) {
            this.registry = registry;
        }

        private record TimerKey(String method, String route, int status, boolean fast) {
        }

        @Override
        public void after(Exchange x, String route, int status, float millis, boolean fast) {
            timers.computeIfAbsent(new TimerKey(x.method(), route, status, fast), this::timer)
                    .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
        }

        private Timer timer(TimerKey k) {
            return Timer.builder("chatpass.http.requests")
                    .description("HTTP requests by route, method and status")
                    .tag("method", k.method()).tag("route", k.route()).tag("status", Integer.toString(k.status()))
                    .tag("via", k.fast() ? "fast" : "javalin")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry);
        }
    }
}

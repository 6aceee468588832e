package io.chatpass.server.web;

import io.chatpass.core.store.Database;
import io.chatpass.core.upstream.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The server's own gauges and counters beside the per-route timers: what build runs, configuration reloads, the store's
 * connection pool, Jetty's threads and queue, the vendors' circuit breakers, and how long each upstream call took.
 */
public final class ServerMetrics {
    private final MeterRegistry registry;
    private final Map<String, Timer> upstreamTimers = new ConcurrentHashMap<>();

    public ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
        String version = java.util.Objects.requireNonNullElse(ServerMetrics.class.getPackage().getImplementationVersion(), "dev");
        Gauge.builder("chatpass.build.info", () -> 1).description("The running build: its version and Java runtime")
                .tag("version", version).tag("java", Runtime.version().toString()).register(registry);
        for (String outcome : new String[] {"applied", "refused"}) reloads(outcome); // both series from the start
        Telemetry.installTimer(this::upstream);
    }

    private Counter reloads(String outcome) {
        return Counter.builder("chatpass.config.reloads").description("Configuration reloads by outcome (refused: invalid, kept the running one)")
                .tag("outcome", outcome).register(registry);
    }

    public void reloaded(boolean applied) {
        reloads(applied ? "applied" : "refused").increment();
    }

    /** The store's connection pool: connections in use, idle, and requests waiting for one. */
    public void pool(Database database) {
        var pool = database.poolState();
        Gauge.builder("chatpass.store.connections", pool, p -> p.getActiveConnections()).tag("state", "active").register(registry);
        Gauge.builder("chatpass.store.connections", pool, p -> p.getIdleConnections()).tag("state", "idle").register(registry);
        Gauge.builder("chatpass.store.connections.pending", pool, p -> p.getThreadsAwaitingConnection())
                .description("Requests waiting for a store connection").register(registry);
    }

    /** Jetty's thread pool (after start): threads, idle threads, jobs queued. */
    public void jetty(ThreadPool threads) {
        Gauge.builder("chatpass.jetty.threads", threads, ThreadPool::getThreads).register(registry);
        Gauge.builder("chatpass.jetty.threads.idle", threads, ThreadPool::getIdleThreads).register(registry);
        if (threads instanceof QueuedThreadPool q) {
            Gauge.builder("chatpass.jetty.queue", q, QueuedThreadPool::getQueueSize).description("Jobs waiting for a Jetty thread").register(registry);
        }
    }

    /** A circuit breaker's state as a number: 0 closed, 1 half open, 2 open. */
    public void breaker(String vendor, Supplier<String> state) {
        Gauge.builder("chatpass.upstream.breaker.open", state, s -> switch (s.get()) {
                    case "OPEN", "FORCED_OPEN" -> 2;
                    case "HALF_OPEN" -> 1;
                    default -> 0;
                }).description("Circuit breaker: 0 closed, 1 half open, 2 open").tag("vendor", vendor)
                .strongReference(true) // the supplier lives only here: a weak reference would let it go (NaN)
                .register(registry);
    }

    private void upstream(String vendor, String outcome, long nanos) {
        upstreamTimers.computeIfAbsent(vendor + ' ' + outcome, k -> Timer.builder("chatpass.upstream.duration")
                        .description("Upstream calls (vendor APIs, JWKS) by vendor and outcome")
                        .tag("vendor", vendor).tag("outcome", outcome).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}

package io.chatpass.server.web;

import io.chatpass.core.IpRanges;
import io.chatpass.core.store.StoreException;
import io.chatpass.server.limits.RateLimited;
import io.chatpass.server.limits.RateLimits;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Everything every route gets: request ids, the client address, CORS, size limits, per-address rate limits on the
 * /v1/ API, problem+json for every error (404, 405, 413, 431, a store outage and unexpected
 * exceptions included), an access log line, and per-route metrics.
 */
public final class WebLayer {
    private static final Logger log = LoggerFactory.getLogger(WebLayer.class);
    private static final String PROBLEM_WRITTEN = "chatpass.problemWritten";
    static final int RESPONSE_COPY_BUFFER = 2048;
    /** Oversized bodies up to this size are read (and dropped) before the 413; larger ones are not read at all. */
    static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

    /** @param strictTransportSecurity the Strict-Transport-Security value for every answer, or null for none */
    public record Settings(String host, int port, int maxRequestBytes, int maxHeaderBytes, Duration shutdownTimeout,
                           boolean accessLog, IpRanges trustedProxies, boolean fastPath, String strictTransportSecurity) {
    }

    private final Settings settings;
    private final Cors cors;
    private final MeterRegistry registry;
    private final RateLimits limits;
    private final Runnable storeFailed;
    private final AccessLog accessLog;
    /** Built once per (method, route, status): a Timer lookup per request showed in the profile. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private Routes routes;

    /** @param storeFailed told of every request that met a store failure (readiness drops at once) */
    public WebLayer(Settings settings, Cors cors, MeterRegistry registry, RateLimits limits,
                    Runnable storeFailed, AccessLog accessLog) {
        this.accessLog = settings.accessLog() ? accessLog : null;
        this.settings = settings;
        this.cors = cors;
        this.registry = registry;
        this.limits = limits;
        this.storeFailed = storeFailed;
    }

    public void install(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = settings.maxRequestBytes();
        config.http.prefer405over404 = true;
        // Javalin copies each answer to the servlet stream through a buffer of this size, allocated per request
        // (32 KiB by default: 44% of all bytes allocated under fresh-token load, async-profiler). Answers here are
        // small; a larger one (a glue script) just takes more rounds of the copy.
        config.http.responseBufferSize = RESPONSE_COPY_BUFFER;
        config.jetty.host = settings.host();
        config.jetty.port = settings.port();
        config.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(settings.maxHeaderBytes());
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            // Jetty keeps a per-connection cache of header values that repeat; every login token is new, so the
            // Cookie and Authorization values only churned it (4% of CPU under fresh-token load, JFR).
            http.setHeaderCacheSize(0);
        });
        FastPath fast = settings.fastPath() ? new FastPath(this) : null;
        routes = new Routes(config, fast);
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(settings.shutdownTimeout().toMillis());
            server.setErrorHandler(new JettyProblemErrors());
            if (fast != null) server.insertHandler(fast);
            // In-flight requests finish before the connectors close, within the stop timeout (the fast path's too).
            server.insertHandler(new GracefulHandler());
        });

        config.routes.before(ctx -> {
            if (!before(JavalinExchange.of(ctx))) ctx.skipRemainingHandlers();
        });

        config.routes.exception(Exception.class, (e, ctx) -> answerProblem(JavalinExchange.of(ctx), e));
        config.routes.error(404, ctx -> writeUnlessWritten(ctx, Problem.notFound("No such route.")));
        config.routes.error(405, ctx -> writeUnlessWritten(ctx, fromJavalin(405)));
        config.routes.error(413, ctx -> writeUnlessWritten(ctx, fromJavalin(413)));
        config.requestLogger.http((ctx, millis) -> after(JavalinExchange.of(ctx), route(ctx), millis, false));
    }

    /** Where features register their hot routes (after {@link #install}). */
    public Routes routes() {
        return routes;
    }

    private static final ProblemException STORE_UNAVAILABLE = new ProblemException(new Problem(503, "store_unavailable",
            "Store unavailable", "The server's database cannot be reached right now; nothing was changed. Try again shortly."),
            Map.of("Retry-After", "2"));

    /**
     * The rules every request meets before its route, on either request path.
     *
     * @return false when the request is already answered (a CORS preflight)
     */
    boolean before(Exchange x) {
        RequestIds.assign(x);
        RequestSpans.start(x);
        x.attribute(ClientIp.ATTRIBUTE, ClientIp.resolve(x, settings.trustedProxies()));
        x.header("X-Content-Type-Options", "nosniff");
        if (settings.strictTransportSecurity() != null) x.header("Strict-Transport-Security", settings.strictTransportSecurity());
        long length = x.contentLength();
        if (length > settings.maxRequestBytes()) {
            // Read a moderately oversized body before refusing it: answering while the client still sends makes the
            // closing connection reset it, and it may never see the 413. A large one is refused at once (and the
            // connection closed) rather than read.
            if (length <= DRAIN_LIMIT_BYTES) {
                try {
                    x.discardBody();
                } catch (java.io.IOException | RuntimeException ignored) {
                    // the client went away: the refusal below is all there is to do
                }
            } else {
                x.header("Connection", "close");
            }
            throw new ProblemException(fromJavalin(413));
        }
        if (cors.apply(x)) return false;
        String path = x.path();
        if (path.startsWith("/v1/") && !path.startsWith("/v1/widget/")) limits.checkIp(ClientIp.of(x));
        return true;
    }

    /** Answers a failure as problem+json, on either request path: the same status, code and log line for each kind. */
    void answerProblem(Exchange x, Throwable e) {
        if (e instanceof ProblemException p) {
            write(x, p.problem(), p);
        } else if (e instanceof RateLimited r) {
            ProblemException p = new ProblemException(new Problem(429, "rate_limited", "Too many requests",
                    "Too many requests; wait for the time in Retry-After before trying again."),
                    Map.of("Retry-After", Long.toString(r.retryAfterSeconds())));
            write(x, p.problem(), p);
        } else if (e instanceof StoreException s) {
            if (!s.isUnavailable()) {
                log.error("store failure on {} {}", x.method(), x.path(), s);
                write(x, Problem.internal(), null);
                return;
            }
            storeFailed.run();
            log.warn("store unavailable on {} {}: {}", x.method(), x.path(), rootCause(s));
            write(x, STORE_UNAVAILABLE.problem(), STORE_UNAVAILABLE);
        } else if (e instanceof HttpResponseException h) {
            write(x, fromJavalin(h.getStatus()), null);
        } else {
            log.error("unexpected error on {} {}", x.method(), x.path(), e);
            write(x, Problem.internal(), null);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** The access log line and the route's timer, after the answer, on either request path. */
    void after(Exchange x, String route, float millis, boolean fast) {
        int status = x.status();
        if (accessLog != null) {
            accessLog.log(RequestIds.of(x), MDC.get(RequestSpans.MDC_TRACE_ID), ClientIp.of(x), x.method(), x.path(), status, millis);
        }
        timers.computeIfAbsent(new TimerKey(x.method(), route, status, fast), this::timer)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
        RequestSpans.end(x, route, status);
        MDC.remove(RequestIds.MDC_KEY);
    }

    private record TimerKey(String method, String route, int status, boolean fast) {
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

    private static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /** The problem for a bare HTTP status, from Javalin or from Jetty before routing. */
    static Problem fromJavalin(int status) {
        return switch (status) {
            case 400 -> new Problem(400, "bad_request", "Bad request", "The request could not be understood.");
            case 404 -> Problem.notFound("No such route.");
            case 405 -> new Problem(405, "method_not_allowed", "Method not allowed", "This route does not take this method.");
            case 413 -> new Problem(413, "request_too_large", "Request too large", "The request body is over the server's limit.");
            case 415 -> new Problem(415, "unsupported_media_type", "Unsupported media type", "Send Content-Type: application/json.");
            case 431 -> new Problem(431, "headers_too_large", "Request headers too large", "The request headers are over the server's limit.");
            default -> status >= 500 ? Problem.internal() : new Problem(status, "http_" + status, "Request refused", "The request was refused.");
        };
    }

    /** Keeps a handler's own body for an error status (a console page answering 404) from being replaced by a problem. */
    public static void keepBody(Context ctx) {
        ctx.attribute(PROBLEM_WRITTEN, Boolean.TRUE);
    }

    private static void writeUnlessWritten(Context ctx, Problem p) {
        if (ctx.attribute(PROBLEM_WRITTEN) == null) write(JavalinExchange.of(ctx), p, null);
    }

    static void write(Exchange x, Problem p, ProblemException e) {
        x.attribute(PROBLEM_WRITTEN, Boolean.TRUE);
        if (e != null) e.headers().forEach(x::header);
        String path = x.path();
        if (path.startsWith("/admin/") && !path.startsWith("/admin/v1/")) {
            // the console is read by people: the same problem, as a page (no script, the console's policy)
            x.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
                    .header("Cache-Control", "no-store");
            x.status(p.status()).text("text/html; charset=utf-8", p.page(RequestIds.of(x)));
            return;
        }
        x.status(p.status()).text(Problem.CONTENT_TYPE, Json.write(p.body(RequestIds.of(x))));
    }
}

package io.chatpass.server.web;

import io.chatpass.core.IpRanges;
import io.chatpass.core.store.StoreException;
import io.chatpass.server.limits.RateLimited;
import io.chatpass.server.limits.RateLimits;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything every route gets, on either request path: the chain of steps ({@link InboundSteps}: request ids, traces,
 * the client address, security headers, size limits, CORS, per-address rate limits on the /v1/ API, the access log
 * line and per-route metrics), and problem+json for every error (404, 405, 413, 431, a rate limit, a store outage and
 * unexpected exceptions included).
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
    private final Runnable storeFailed;
    private final Chain chain;
    private Routes routes;
    private java.util.function.BooleanSupplier ioThreadsNow;
    /** Requests of routes registered without waiting that were handed to a virtual thread because it was not allowed then. */
    final java.util.concurrent.atomic.LongAdder handedOff = new java.util.concurrent.atomic.LongAdder();

    /** @param storeFailed told of every request that met a store failure (readiness drops at once) */
    public WebLayer(Settings settings, Cors cors, MeterRegistry registry, RateLimits limits,
                    Runnable storeFailed, AccessLog accessLog) {
        this.settings = settings;
        this.storeFailed = storeFailed;
        this.chain = new Chain(InboundSteps.of(settings, cors, limits, settings.accessLog() ? accessLog : null, registry));
        if (settings.fastPath()) {
            io.micrometer.core.instrument.FunctionCounter.builder("chatpass.fastpath.handed.off", handedOff, java.util.concurrent.atomic.LongAdder::sum)
                    .description("Requests of routes that never wait handed to a virtual thread (the gate's queue was half full)")
                    .register(registry);
        }
    }

    /**
     * Lets the fast path run the routes registered without waiting ({@link Routes#getWithoutWaiting}) on the I/O thread
     * that read the request, while {@code now} says so (asked per request). Call before {@link #install}; without it,
     * or with the fast path off, every request runs on a virtual thread.
     */
    public void runOnIoThreadsWhile(java.util.function.BooleanSupplier now) {
        this.ioThreadsNow = now;
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
        if (settings.fastPath() && ioThreadsNow != null) {
            // One selector (I/O thread) per core rather than Jetty's one per two cores: the routes that run on them do
            // their work there, so each core gets one, as a Go server's goroutines spread over every core.
            config.jetty.addConnector((server, http) -> {
                var c = new org.eclipse.jetty.server.ServerConnector(server, 1, Math.max(1, Runtime.getRuntime().availableProcessors()),
                        new org.eclipse.jetty.server.HttpConnectionFactory(http));
                c.setHost(settings.host());
                c.setPort(settings.port());
                return c;
            });
        }
        config.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(settings.maxHeaderBytes());
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            // Jetty keeps a per-connection cache of header values that repeat; every login token is new, so the
            // Cookie and Authorization values only churned it (4% of CPU under fresh-token load, JFR).
            http.setHeaderCacheSize(0);
        });
        FastPath fast = settings.fastPath() ? new FastPath(this, ioThreadsNow) : null;
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

    /** The fast path's virtual threads: every request it hands on, and the rest of routes that must wait. */
    final java.util.concurrent.Executor requestThreads = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("chatpass-request-", 0).factory());

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
        return chain.before(x);
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

    /**
     * Moves a request's thread-bound state (its request and trace ids in the log context, its current span) off this
     * thread; the returned action puts it on the thread that carries on with the request.
     */
    Runnable handOver(Exchange x) {
        java.util.Map<String, String> logContext = org.slf4j.MDC.getCopyOfContextMap();
        org.slf4j.MDC.clear();
        Runnable span = RequestSpans.handOver(x);
        return () -> {
            if (logContext != null) org.slf4j.MDC.setContextMap(logContext);
            span.run();
        };
    }

    /** The steps' after-parts (timer, access log line, span, request id), after the answer, on either request path. */
    void after(Exchange x, String route, float millis, boolean fast) {
        chain.after(x, route, x.status(), millis, fast);
    }

    /** The chain's steps by name, in order. */
    java.util.List<String> steps() {
        return chain.names();
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

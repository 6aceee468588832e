package io.chatpass.core.upstream;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.util.function.BiConsumer;

/**
 * Traces of calls to upstreams (the vendors' APIs, JWKS and OIDC discovery): one client span per call, a
 * child of the request being served, with {@code traceparent} on the outgoing request. Off (a no-op, nothing
 * allocated) until the server installs an OpenTelemetry SDK. Spans carry no user data: the vendor, the operation,
 * the host and the outcome.
 */
public final class Telemetry {
    private static final AttributeKey<String> VENDOR = AttributeKey.stringKey("chatpass.vendor");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("chatpass.outcome");
    private static volatile OpenTelemetry otel = OpenTelemetry.noop();
    private static volatile boolean enabled;
    private static volatile Timer timer;

    /** Where the duration of every upstream call goes (the server's metrics). */
    public interface Timer {
        /** @param outcome the HTTP status as text ("200"), or why there was none ("timeout", "io_error") */
        void record(String vendor, String outcome, long nanos);
    }

    /** Installs the recipient of upstream call durations (null for none). */
    public static void installTimer(Timer t) {
        timer = t;
    }

    private Telemetry() {
    }

    /** Installs the SDK the server configured (or {@link OpenTelemetry#noop()} to switch tracing off again). */
    public static void install(OpenTelemetry openTelemetry) {
        otel = openTelemetry;
        enabled = openTelemetry != OpenTelemetry.noop();
    }

    public static boolean enabled() {
        return enabled;
    }

    public static OpenTelemetry openTelemetry() {
        return otel;
    }

    public static Tracer tracer() {
        return otel.getTracer("io.chatpass");
    }

    /** One upstream call being traced; {@link #NONE} when tracing is off. */
    public interface Call extends AutoCloseable {
        Call NONE = new Call() {
            @Override
            public void status(int status) {
            }

            @Override
            public void failed(String outcome) {
            }

            @Override
            public void close() {
            }
        };

        void status(int status);

        /** The call did not end in an answer the caller could use. */
        void failed(String outcome);

        @Override
        void close();
    }

    /**
     * Starts the client span of one upstream call, current until closed, and puts {@code traceparent} (and any other
     * header the configured propagators write) on the request through {@code header}.
     */
    public static Call upstream(String vendor, String method, URI uri, BiConsumer<String, String> header) {
        Timer t = timer;
        if (!enabled && t == null) return Call.NONE;
        long start = System.nanoTime();
        Span span;
        Scope scope;
        if (enabled) {
            span = tracer().spanBuilder(vendor + " " + method).setSpanKind(SpanKind.CLIENT)
                    .setAttribute(VENDOR, vendor).setAttribute(METHOD, method).setAttribute(SERVER, uri.getHost()).startSpan();
            Context context = Context.current().with(span);
            otel.getPropagators().getTextMapPropagator().inject(context, header, (h, k, v) -> h.accept(k, v));
            scope = context.makeCurrent();
        } else {
            span = Span.getInvalid();
            scope = Scope.noop();
        }
        return new Call() {
            private String outcome = "unknown";

            @Override
            public void status(int status) {
                outcome = Integer.toString(status);
                span.setAttribute(STATUS, (long) status);
                if (status >= 400) span.setStatus(StatusCode.ERROR);
            }

            @Override
            public void failed(String why) {
                outcome = why;
                span.setAttribute(OUTCOME, why);
                span.setStatus(StatusCode.ERROR, why);
            }

            @Override
            public void close() {
                scope.close();
                span.end();
                if (t != null) t.record(vendor, outcome, System.nanoTime() - start);
            }
        };
    }
}

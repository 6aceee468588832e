package io.chatpass.server.web;

import io.chatpass.core.upstream.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import org.slf4j.MDC;

/**
 * One server span per request when tracing is on (OTEL_* variables; see {@link Tracing}), on either request path: a
 * child of the caller's {@code traceparent} if it sent one, current while the route runs so that upstream calls
 * become its children, named by method and route template (never the path: an admin path holds a user id), with the
 * status. Its trace id is in the log lines of the request (MDC {@code traceId}). Nothing of a user goes on a span.
 */
final class RequestSpans {
    static final String MDC_TRACE_ID = "traceId";
    private static final String SPAN = "chatpass.span";
    private static final String SCOPE = "chatpass.spanScope";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("chatpass.request_id");

    private static final TextMapGetter<Exchange> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Exchange x) {
            return List.of(); // only asked-for headers are read
        }

        @Override
        public String get(Exchange x, String key) {
            return x == null ? null : x.header(key);
        }
    };

    private RequestSpans() {
    }

    static void start(Exchange x) {
        if (!Telemetry.enabled()) return;
        Context parent = Telemetry.openTelemetry().getPropagators().getTextMapPropagator().extract(Context.root(), x, HEADERS);
        Span span = Telemetry.tracer().spanBuilder(x.method()).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, x.method()).setAttribute(REQUEST_ID, RequestIds.of(x)).startSpan();
        x.attribute(SPAN, span);
        x.attribute(SCOPE, parent.with(span).makeCurrent());
        MDC.put(MDC_TRACE_ID, span.getSpanContext().getTraceId());
    }

    /** Closes the span's scope on this thread; the returned action makes the span current on the next one. */
    static Runnable handOver(Exchange x) {
        Scope scope = x.attribute(SCOPE);
        if (scope == null) return () -> { };
        Context context = Context.current();
        scope.close();
        return () -> x.attribute(SCOPE, context.makeCurrent());
    }

    static void end(Exchange x, String route, int status) {
        Span span = x.attribute(SPAN);
        if (span == null) return;
        span.updateName(x.method() + " " + route);
        span.setAttribute(ROUTE, route).setAttribute(STATUS, (long) status);
        if (status >= 500) span.setStatus(StatusCode.ERROR);
        Scope scope = x.attribute(SCOPE);
        if (scope != null) scope.close();
        span.end();
        MDC.remove(MDC_TRACE_ID);
    }
}

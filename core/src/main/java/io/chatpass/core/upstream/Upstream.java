package io.chatpass.core.upstream;

import io.chatpass.core.IpRanges;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One vendor API as Chatpass calls it (the outbound kit): an HTTP client that follows no redirect, a deadline per
 * call, a bulkhead that refuses at once past its calls in flight (a slow vendor is never queued up behind), the call
 * traced and timed ({@link Telemetry}), and every transport failure as one {@link UpstreamException}. https only,
 * except plain http to a literal loopback address (stand-ins in tests and demos): a secret never travels in clear.
 */
public final class Upstream {
    private final String vendor;
    private final Duration timeout;
    private final HttpClient http;
    private final Bulkhead bulkhead;

    /**
     * @param vendor             its id in spans, metrics and messages
     * @param timeout            connecting, and each call as a whole
     * @param maxConcurrentCalls calls in flight at once in this process; one more is refused at once (UNAVAILABLE, busy);
     *                           0 when the caller holds a bulkhead of its own around several attempts (around its retries)
     */
    public Upstream(String vendor, Duration timeout, int maxConcurrentCalls) {
        this.vendor = vendor;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.bulkhead = maxConcurrentCalls == 0 ? null
                : Bulkhead.of(vendor, BulkheadConfig.custom().maxConcurrentCalls(maxConcurrentCalls).maxWaitDuration(Duration.ZERO).build());
    }

    /** True for https, and for plain http to a literal loopback address only (checked on the parsed address). */
    public static boolean isSecretCarrier(URI uri) {
        if (uri == null || uri.getHost() == null) return false;
        if ("https".equalsIgnoreCase(uri.getScheme())) return true;
        return "http".equalsIgnoreCase(uri.getScheme()) && IpRanges.isLoopbackLiteral(uri.getHost().replaceAll("^\\[|\\]$", ""));
    }

    /** A request to this vendor, with the call's deadline; the URI must be a {@link #isSecretCarrier secret carrier}. */
    public HttpRequest.Builder request(URI uri) {
        if (!isSecretCarrier(uri)) throw new IllegalArgumentException(vendor + ": calls carry a secret, so https only (or http to a loopback address)");
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    /**
     * Sends the request (within the bulkhead, traced and timed) and returns the answer, whatever its status.
     *
     * @throws UpstreamException UNAVAILABLE for busy (the bulkhead), timeout, io_error or interrupted
     */
    public HttpResponse<String> send(String method, URI uri, HttpRequest.Builder request) throws UpstreamException {
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "busy", "too many " + vendor + " calls in flight");
        }
        try (Telemetry.Call traced = Telemetry.upstream(vendor, method, uri, request::header)) {
            try {
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                traced.status(r.statusCode());
                return r;
            } catch (HttpTimeoutException e) {
                traced.failed("timeout");
                throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "timeout", vendor + " timed out");
            } catch (IOException e) {
                traced.failed("io_error");
                throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "io_error", vendor + " unreachable: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "interrupted", "interrupted");
            }
        } finally {
            if (bulkhead != null) bulkhead.onComplete();
        }
    }
}

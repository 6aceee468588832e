package io.chatpass.server.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.chatpass.core.LogSafe;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The access log: one line per request, built in the request thread, queued without a lock or a wake-up, and
 * written by one background thread in batches every {@link #FLUSH_MILLIS} to standard output. Through logback's
 * async appender each line cost the request an event object, a copy of the MDC, a queue lock and a wake-up of the
 * writer thread: about a quarter of the no-work route's CPU (docs/benchmarks.md). Untrusted parts (the path) are
 * escaped as everywhere else; with {@code logging.format: json} each line is a JSON object (Jackson). Past
 * {@link #MAX_QUEUED} lines waiting, lines are dropped and counted rather than holding requests up.
 */
public final class AccessLog implements AutoCloseable {
    static final long FLUSH_MILLIS = 100;
    static final int MAX_QUEUED = 100_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final JsonFactory JSON = new JsonFactory();

    private final boolean json;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final OutputStream out;
    private final Thread writer;
    private volatile boolean closing;

    /** Writes to System.out, whose lock keeps each batch whole beside the application log's lines. */
    public AccessLog(boolean json) {
        this(json, System.out);
    }

    AccessLog(boolean json, OutputStream target) {
        this.json = json;
        this.out = target;
        this.writer = Thread.ofPlatform().daemon().name("chatpass-access-log").start(this::run);
    }

    /** Lines dropped because the writer fell behind (for metrics). */
    public long dropped() {
        return dropped.get();
    }

    /** @param traceId the request's trace when tracing is on, else null */
    void log(String requestId, String traceId, String client, String method, String path, int status, float millis) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        long now = System.currentTimeMillis();
        double ms = Math.round(millis * 10) / 10.0;
        queue.add(json ? jsonLine(now, requestId, traceId, client, method, path, status, ms)
                : TIME.format(Instant.ofEpochMilli(now)) + " INFO  [" + requestId + (traceId == null ? "" : " trace=" + traceId)
                        + "] chatpass.access - " + client + " " + method + " "
                        + LogSafe.clean(path) + " -> " + status + " in " + ms + " ms\n");
    }

    private static String jsonLine(long now, String requestId, String traceId, String client, String method, String path, int status,
                                   double ms) {
        StringWriter w = new StringWriter(200);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("timestamp", now);
            g.writeStringField("level", "INFO");
            g.writeStringField("loggerName", "chatpass.access");
            g.writeObjectFieldStart("mdc");
            g.writeStringField("requestId", requestId);
            if (traceId != null) g.writeStringField(RequestSpans.MDC_TRACE_ID, traceId);
            g.writeEndObject();
            g.writeStringField("formattedMessage", client + " " + method + " " + path + " -> " + status + " in " + ms + " ms");
            g.writeStringField("client", client);
            g.writeStringField("method", method);
            g.writeStringField("path", path);
            g.writeNumberField("status", status);
            g.writeNumberField("millis", ms);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.append('\n').toString();
    }

    private void run() {
        while (!closing) {
            try {
                Thread.sleep(FLUSH_MILLIS);
            } catch (InterruptedException e) {
                break;
            }
            drain();
        }
        drain();
    }

    private synchronized void drain() {
        java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream(16 * 1024);
        for (String line; (line = queue.poll()) != null; ) {
            queued.decrementAndGet();
            batch.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        }
        if (batch.size() == 0) return;
        try {
            out.write(batch.toByteArray()); // one write of whole lines
            out.flush();
        } catch (IOException e) {
            // standard output is gone: nothing else to tell it to
        }
    }

    @Override
    public void close() {
        closing = true;
        writer.interrupt();
        try {
            writer.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }
}

package io.chatpass.server.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The hot routes (token minting, /v1/me, health and every vendor route) served by a Jetty core handler in front of Javalin,
 * without the servlet layer: under fresh-token load the servlet and Javalin layers cost more CPU per request than
 * the work itself (docs/adr/0007-fast-path.md). Only an exact method and path registered through {@link Routes}
 * is served here; anything else (another method, a chunked body, every other route) goes on to Javalin, where the
 * same routes are registered too. Every rule of the web layer holds here as well, from the same code: request ids,
 * the client address, CORS, size and rate limits, problem+json, the access log and metrics ({@link WebLayer}).
 */
public final class FastPath extends Handler.Wrapper {
    private final WebLayer web;
    private final Map<String, Route> routes = new HashMap<>();
    /** Null: every request is handed to a virtual thread by Jetty, as before I/O-thread routes. */
    private final java.util.function.BooleanSupplier ioThreadsNow;
    private final java.util.concurrent.Executor virtualThreads;

    record Route(String path, Exchange.Handler handler, boolean withoutWaiting) {
    }

    /**
     * @param ioThreadsNow null, or asked before each request of a route registered without waiting whether it may run on
     *                     the I/O thread now (false, say, while the site-user gate could have to write in the caller)
     */
    FastPath(WebLayer web, java.util.function.BooleanSupplier ioThreadsNow) {
        this.web = web;
        this.ioThreadsNow = ioThreadsNow;
        this.virtualThreads = web.requestThreads;
    }

    void add(String method, String path, Exchange.Handler handler, boolean withoutWaiting) {
        routes.put(method + ' ' + path, new Route(path, handler, withoutWaiting));
    }

    /**
     * With I/O-thread routes on, Jetty is told this handler never blocks, so it calls it on the selector thread that read
     * the request; the handler then hands everything that could wait (every other route, Javalin's included) to a
     * virtual thread itself.
     */
    @Override
    public InvocationType getInvocationType() {
        return ioThreadsNow != null ? InvocationType.NON_BLOCKING : super.getInvocationType();
    }

    /** A body up to this size may be read on the I/O thread, when it has all arrived with the headers. */
    static final int SMALL_BODY_BYTES = 4096;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Route route = routes.get(request.getMethod() + ' ' + request.getHttpURI().getPath());
        if (ioThreadsNow == null) return handleHere(route, request, response, callback, null, false);
        JettyExchange early = null;
        if (route != null && route.withoutWaiting() && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)
                && request.getLength() <= SMALL_BODY_BYTES) {
            // A small body (a widget's "{}") is taken only if it came with the headers: reading never waits here.
            early = new JettyExchange(request, response);
            if (early.takeBodyIfArrived()) {
                if (ioThreadsNow.getAsBoolean()) return handleHere(route, request, response, callback, early, true);
                web.handedOff.increment();
            }
        }
        JettyExchange taken = early;
        virtualThreads.execute(() -> {
            try {
                if (!handleHere(route, request, response, callback, taken, false)) Response.writeError(request, response, callback, 404);
            } catch (Throwable t) {
                callback.failed(t);
            }
        });
        return true;
    }

    /**
     * @param route the request's route (looked up once, in {@link #handle}), or null for Javalin's
     * @param x     the exchange already made for the request (its body may be partly read), or null
     */
    private boolean handleHere(Route route, Request request, Response response, Callback callback, JettyExchange x,
                               boolean ioThread) throws Exception {
        // A body of unknown length (chunked) is left to Javalin's reader and its limit.
        if (route == null || (request.getLength() < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
            return super.handle(request, response, callback);
        }
        long start = System.nanoTime();
        if (x == null) x = new JettyExchange(request, response);
        x.ioThread = ioThread;
        boolean later = false;
        try {
            try {
                if (web.before(x)) route.handler().handle(x);
            } catch (Throwable e) {
                x.rest = null;
                web.answerProblem(x, e);
            }
            if (x.rest != null) {
                later = true;
                finishWhereWaitingIsAllowed(route, x, callback, start);
                return true;
            }
            x.send(callback);
        } finally {
            // the access log line, the timer, and the request id out of the MDC, whatever happened above
            if (!later) web.after(x, route.path(), (System.nanoTime() - start) / 1_000_000f, true);
        }
        return true;
    }

    /** The rest of a route that must wait ({@link Exchange#whenMayWait}), on a virtual thread, then the answer. */
    private void finishWhereWaitingIsAllowed(Route route, JettyExchange x, Callback callback, long start) {
        Exchange.Handler rest = x.rest;
        x.rest = null;
        x.ioThread = false;
        Runnable resume = web.handOver(x);
        virtualThreads.execute(() -> {
            resume.run();
            try {
                try {
                    rest.handle(x);
                } catch (Throwable e) {
                    web.answerProblem(x, e);
                }
                x.send(callback);
            } catch (Throwable t) {
                callback.failed(t);
            } finally {
                web.after(x, route.path(), (System.nanoTime() - start) / 1_000_000f, true);
            }
        });
    }

    /** The exchange over Jetty's core request and response; the answer is kept and sent once, with its length. */
    static final class JettyExchange implements Exchange {
        private final Request request;
        private final Response response;
        private Map<String, Object> attributes;
        private int status = 200;
        private String contentType;
        private byte[] body;
        private boolean bodyRead;
        /** The request body's bytes read before the route ran (see {@link #takeBodyIfArrived}), or null. */
        private byte[] taken;
        /** True when {@link #taken} is the whole body. */
        private boolean takenAll;
        /** True while the route runs on the I/O thread that read the request. */
        boolean ioThread;
        /** The rest of the route, to run where it may wait ({@link Exchange#whenMayWait}), or null. */
        Exchange.Handler rest;

        JettyExchange(Request request, Response response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            return request.getHttpURI().getPath();
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public List<String> headers(String name) {
            return request.getHeaders().getValuesList(name);
        }

        @Override
        public String remoteAddress() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public long contentLength() {
            return request.getLength();
        }

        /**
         * Reads what of the body has arrived, without waiting, and keeps it.
         *
         * @return true when the whole body is here (or there is none)
         */
        boolean takeBodyIfArrived() {
            if (request.getLength() <= 0) return true; // none: without Transfer-Encoding, no length means no body
            var bytes = new java.io.ByteArrayOutputStream((int) Math.max(16, request.getLength()));
            boolean last = false;
            for (Content.Chunk c; !last && (c = request.read()) != null; ) {
                if (Content.Chunk.isFailure(c)) break; // the read on the virtual thread meets it again and fails
                ByteBuffer b = c.getByteBuffer();
                byte[] part = new byte[b.remaining()];
                b.get(part);
                bytes.writeBytes(part);
                last = c.isLast();
                c.release();
            }
            taken = bytes.toByteArray();
            takenAll = last;
            return last;
        }

        @Override
        public void whenMayWait(Exchange.Handler rest) throws Exception {
            if (!ioThread) {
                rest.handle(this);
                return;
            }
            if (this.rest != null) throw new IllegalStateException("whenMayWait twice in one route");
            this.rest = rest;
        }

        @Override
        public String body() {
            try {
                bodyRead = true;
                if (taken == null) return Content.Source.asString(request, StandardCharsets.UTF_8);
                if (takenAll) return new String(taken, StandardCharsets.UTF_8);
                ByteBuffer more = Content.Source.asByteBuffer(request);
                byte[] all = java.util.Arrays.copyOf(taken, taken.length + more.remaining());
                more.get(all, taken.length, more.remaining());
                return new String(all, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void discardBody() throws java.io.IOException {
            bodyRead = true;
            if (takenAll) return;
            try {
                Content.Source.consumeAll(request);
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T attribute(String key) {
            return attributes == null ? null : (T) attributes.get(key);
        }

        @Override
        public void attribute(String key, Object value) {
            if (attributes == null) attributes = new HashMap<>(8);
            attributes.put(key, value);
        }

        @Override
        public Exchange header(String name, String value) {
            response.getHeaders().put(name, value);
            return this;
        }

        @Override
        public Exchange status(int status) {
            this.status = status;
            return this;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public Exchange json(Object value) {
            contentType = "application/json";
            body = Json.writeBytes(value);
            return this;
        }

        @Override
        public Exchange text(String type, String text) {
            contentType = type;
            body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        void send(Callback callback) {
            // A body the route did not read (a token route may need only its content type) is read now: left
            // unread when it arrives after the headers, Jetty closes the connection behind the answer, and a client
            // that already reuses it gets no answer at all (seen in the soak).
            if (!bodyRead && !takenAll && request.getLength() != 0) {
                try {
                    discardBody();
                } catch (java.io.IOException | RuntimeException ignored) {
                    // the client went away
                }
            }
            response.setStatus(status);
            var h = response.getHeaders();
            if (body == null) {
                h.put(HttpHeader.CONTENT_LENGTH, 0);
                response.write(true, null, callback);
                return;
            }
            h.put(new HttpField(HttpHeader.CONTENT_TYPE, contentType));
            h.put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}

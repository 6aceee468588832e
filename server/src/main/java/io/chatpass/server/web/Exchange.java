package io.chatpass.server.web;

import java.util.List;

/**
 * One HTTP request and its answer, as the web layer's rules and the hot routes see them, whichever request path
 * carries it: Javalin ({@link JavalinExchange}) or the fast path's Jetty core handler ({@link FastPath}). Rules and
 * routes written against this interface hold on both paths alike.
 */
public interface Exchange {
    String method();

    String path();

    /** The first value of a request header, or null. */
    String header(String name);

    /** Every value of a request header (Cookie may come in several). */
    List<String> headers(String name);

    /** The TCP peer's address. */
    String remoteAddress();

    /** The request's Content-Length, or -1 when not given. */
    long contentLength();

    /** The request's Content-Type, or null. */
    default String contentType() {
        return header("Content-Type");
    }

    /** The request body as UTF-8 text (the web layer has already refused one over the size limit). */
    String body();

    /** Reads and drops the request body (before refusing it, so the client is not reset while still sending). */
    void discardBody() throws java.io.IOException;

    <T> T attribute(String key);

    void attribute(String key, Object value);

    /** Sets a response header (replacing an earlier value of the same name). */
    Exchange header(String name, String value);

    Exchange status(int status);

    int status();

    /** Answers with this object as JSON (application/json). */
    Exchange json(Object body);

    /** Answers with this text and content type. */
    Exchange text(String contentType, String body);

    /**
     * Runs the rest of a route registered without waiting ({@link Routes#getWithoutWaiting}, {@link Routes#postWithoutWaiting})
     * where waiting is allowed: at once on a thread that may wait; on the I/O thread that read the request, on a virtual
     * thread after the route returns (the route must then return at once and leave the answer to {@code rest}). A route
     * answers from memory first and puts only its store or network work here.
     */
    default void whenMayWait(Handler rest) throws Exception {
        rest.handle(this);
    }

    /** A route written once for both request paths. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange x) throws Exception;
    }
}

package io.chatpass.server.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** A customer's web site on another loopback origin: every path answers the same HTML page. */
public final class HostSite implements AutoCloseable {
    private final HttpServer server;

    public HostSite() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves the page (built on each request, so it may name a server started after this one). */
    public HostSite serve(Supplier<String> html) {
        return serve(uri -> html.get());
    }

    /** Serves a page per request URI (path and query). */
    public HostSite serve(java.util.function.Function<java.net.URI, String> html) {
        server.createContext("/", ex -> {
            byte[] b = html.apply(ex.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

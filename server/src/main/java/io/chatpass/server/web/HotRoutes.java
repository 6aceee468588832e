package io.chatpass.server.web;

import io.javalin.config.JavalinConfig;

/**
 * Where a feature registers a hot route, written once against {@link Exchange}: it goes to Javalin (so other methods
 * get 405 and the route still answers with the fast path off) and, with {@code server.fastPath} on, to the
 * {@link FastPath} that serves it without the servlet layer.
 */
public final class HotRoutes {
    private final JavalinConfig config;
    private final FastPath fast;

    HotRoutes(JavalinConfig config, FastPath fast) {
        this.config = config;
        this.fast = fast;
    }

    public void get(String path, Exchange.Handler handler) {
        config.routes.get(path, JavalinExchange.handler(handler));
        if (fast != null) fast.add("GET", path, handler);
    }

    public void post(String path, Exchange.Handler handler) {
        config.routes.post(path, JavalinExchange.handler(handler));
        if (fast != null) fast.add("POST", path, handler);
    }
}

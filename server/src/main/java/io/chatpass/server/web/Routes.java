package io.chatpass.server.web;

import io.javalin.config.JavalinConfig;

/**
 * Where a feature registers its routes, each written once against {@link Exchange}: a route goes to Javalin (so other
 * methods get 405 and it still answers with the fast path off) and, with {@code server.fastPath} on, to the
 * {@link FastPath} that serves it without the servlet layer. Either way the web layer's rules run before and after it.
 */
public final class Routes {
    private final JavalinConfig config;
    private final FastPath fast;
    private final java.util.List<Route> registered = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One registered route: its method and path pattern ({@code {name}} for a path parameter). */
    public record Route(String method, String path) {
    }

    Routes(JavalinConfig config, FastPath fast) {
        this.config = config;
        this.fast = fast;
    }

    public void get(String path, Exchange.Handler handler) {
        config.routes.get(path, JavalinExchange.handler(handler));
        if (fast != null) fast.add("GET", path, handler, false);
        registered.add(new Route("GET", path));
    }

    /**
     * A GET route whose handler never waits (no store, no network, no request body: it verifies, computes and answers
     * from memory). On the fast path it runs on the thread of Jetty's that read and parsed the request instead of
     * being handed on to another thread, as a Go server runs a handler on the goroutine that read the request: about a quarter less CPU per
     * request under fresh-token load (docs/benchmarks.md). The web layer still hands it to a virtual thread whenever it
     * could wait after all ({@link WebLayer#runOnIoThreadsWhile}). A handler that can wait must use {@link #get}, or put
     * what waits in {@link Exchange#whenMayWait}.
     */
    public void getWithoutWaiting(String path, Exchange.Handler handler) {
        config.routes.get(path, JavalinExchange.handler(handler));
        if (fast != null) fast.add("GET", path, handler, true);
        registered.add(new Route("GET", path));
    }

    public void post(String path, Exchange.Handler handler) {
        config.routes.post(path, JavalinExchange.handler(handler));
        if (fast != null) fast.add("POST", path, handler, false);
        registered.add(new Route("POST", path));
    }

    /**
     * A POST route whose handler never waits, or puts what waits in {@link Exchange#whenMayWait} (a LiveChat token held
     * in memory is answered on the I/O thread; one that must be read from the store is not). Its body is read on the
     * I/O thread only when small and already arrived with the headers; otherwise the whole route runs on a virtual
     * thread, as {@link #post}.
     */
    public void postWithoutWaiting(String path, Exchange.Handler handler) {
        config.routes.post(path, JavalinExchange.handler(handler));
        if (fast != null) fast.add("POST", path, handler, true);
        registered.add(new Route("POST", path));
    }

    /** A widget's glue script at {@code /v1/widget/NAME.js}: the shared prelude, then the script of that name. */
    public void glue(String name) {
        get("/v1/widget/" + name + ".js", StaticScripts.glue("/widget/" + name + ".js"));
    }

    /** The routes registered here so far, in order (the warm-up command exercises them). */
    public java.util.List<Route> registered() {
        return java.util.List.copyOf(registered);
    }
}

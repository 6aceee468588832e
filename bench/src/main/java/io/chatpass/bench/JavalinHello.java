package io.chatpass.bench;

import io.javalin.Javalin;

/**
 * The floor of Chatpass's HTTP stack: Javalin 7 on Jetty 12 with virtual threads, as Chatpass configures it, answering
 * a constant. No Chatpass code. Usage: JavalinHello PORT
 */
public final class JavalinHello {
    public static void main(String[] args) {
        Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.jetty.host = "127.0.0.1";
            c.jetty.port = Integer.parseInt(args[0]);
            c.routes.get("/hello", ctx -> ctx.result("hello"));
        }).start();
    }
}

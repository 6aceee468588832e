package io.chatpass.server.web;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;

/** An {@link Exchange} over a Javalin context: one per request, made by the web layer before any route runs. */
public final class JavalinExchange implements Exchange {
    private static final String ATTRIBUTE = "chatpass.exchange";
    private final Context ctx;

    private JavalinExchange(Context ctx) {
        this.ctx = ctx;
    }

    /** This request's exchange (made on first use). */
    public static JavalinExchange of(Context ctx) {
        JavalinExchange x = ctx.attribute(ATTRIBUTE);
        if (x == null) {
            x = new JavalinExchange(ctx);
            ctx.attribute(ATTRIBUTE, x);
        }
        return x;
    }

    /** A Javalin handler running a route written for both request paths. */
    public static io.javalin.http.Handler handler(Exchange.Handler h) {
        return ctx -> h.handle(of(ctx));
    }

    public Context context() {
        return ctx;
    }

    @Override
    public String method() {
        return ctx.method().name();
    }

    @Override
    public String path() {
        return ctx.path();
    }

    @Override
    public String header(String name) {
        return ctx.header(name);
    }

    @Override
    public List<String> headers(String name) {
        var values = ctx.req().getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public String remoteAddress() {
        return ctx.req().getRemoteAddr();
    }

    @Override
    public long contentLength() {
        return ctx.req().getContentLengthLong();
    }

    @Override
    public String contentType() {
        return ctx.contentType();
    }

    @Override
    public String body() {
        return ctx.body();
    }

    @Override
    public void discardBody() throws java.io.IOException {
        ctx.req().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    }

    @Override
    public <T> T attribute(String key) {
        return ctx.attribute(key);
    }

    @Override
    public void attribute(String key, Object value) {
        ctx.attribute(key, value);
    }

    @Override
    public Exchange header(String name, String value) {
        ctx.header(name, value);
        return this;
    }

    @Override
    public Exchange status(int status) {
        ctx.status(status);
        return this;
    }

    @Override
    public int status() {
        return ctx.statusCode();
    }

    @Override
    public Exchange json(Object body) {
        ctx.contentType("application/json").result(Json.writeBytes(body));
        return this;
    }

    @Override
    public Exchange text(String contentType, String body) {
        ctx.contentType(contentType).result(body);
        return this;
    }
}

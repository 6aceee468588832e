package io.chatpass.server.web;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * X-Request-Id: a caller's id is kept when it is short and plain (so it cannot forge log lines), else a new one is
 * made. It is echoed on the answer and put in the MDC, so every log line of the request carries it.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    static void assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        ctx.attribute(MDC_KEY, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    public static String of(Context ctx) {
        return ctx.attribute(MDC_KEY);
    }
}

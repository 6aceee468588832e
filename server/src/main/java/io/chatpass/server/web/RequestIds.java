package io.chatpass.server.web;

import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * X-Request-Id: a caller's id is kept when it is short and plain (so it cannot forge log lines), else a new one is
 * made. It is echoed on the answer and put in the MDC, so every log line of the request carries it.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {
    }

    static void assign(Exchange x) {
        String given = x.header(HEADER);
        String id = given != null && isSafe(given) ? given : newId();
        x.attribute(MDC_KEY, id);
        x.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /** [A-Za-z0-9._:-]{1,64}, without a regex matcher per request. */
    static boolean isSafe(String id) {
        int n = id.length();
        if (n < 1 || n > 64) return false;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    /**
     * 128 random bits as 32 hex digits. A request id needs to be unique, not secret: ThreadLocalRandom avoids the
     * lock of the shared SecureRandom that UUID.randomUUID() takes (it showed in the profile under load).
     */
    static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong());
    }

    public static String of(Context ctx) {
        return ctx.attribute(MDC_KEY);
    }

    public static String of(Exchange x) {
        return x.attribute(MDC_KEY);
    }
}

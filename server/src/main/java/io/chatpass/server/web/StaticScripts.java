package io.chatpass.server.web;

import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Serves a bundled browser script with a content hash as ETag, so browsers cache it and revalidate cheaply. A glue
 * script is served with the shared prelude ({@code /widget/prelude.js}: the login-token hook and the identity
 * fetch) in front, so each glue tag stands alone.
 */
public final class StaticScripts {
    public static final String PRELUDE = "/widget/prelude.js";

    private StaticScripts() {
    }

    /** A widget's glue: the prelude, then the vendor's part. */
    public static Handler glue(String resource) {
        return handler(PRELUDE, resource);
    }

    public static Handler handler(String... resources) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String resource : resources) {
            try (InputStream in = StaticScripts.class.getResourceAsStream(resource)) {
                if (in == null) throw new IOException("missing resource " + resource);
                all.write(in.readAllBytes());
                all.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        byte[] body = all.toByteArray();
        String etag;
        try {
            etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return ctx -> {
            ctx.header("ETag", etag).header("Cache-Control", "public, max-age=300");
            if (etag.equals(ctx.header("If-None-Match"))) {
                ctx.status(304);
                return;
            }
            ctx.contentType("application/javascript; charset=utf-8").result(text);
        };
    }
}

package io.chatpass.server.web;

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
    public static Exchange.Handler glue(String resource) {
        return handler(PRELUDE, resource);
    }

    public static Exchange.Handler handler(String... resources) {
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
        return x -> {
            x.header("ETag", etag).header("Cache-Control", "public, max-age=300");
            if (etag.equals(x.header("If-None-Match"))) {
                x.status(304);
                return;
            }
            x.text("application/javascript; charset=utf-8", text);
        };
    }
}

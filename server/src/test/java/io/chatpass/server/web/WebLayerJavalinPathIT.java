package io.chatpass.server.web;

import java.util.Map;

/** Every check of {@link WebLayerIT} again with server.fastPath off: every request through Javalin. */
class WebLayerJavalinPathIT extends WebLayerIT {
    @Override
    Map<String, String> env() {
        return Map.of("CHATPASS_SERVER_FASTPATH", "false");
    }

    @Override
    String expectedVia() {
        return "javalin";
    }
}

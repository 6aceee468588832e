package io.chatpass.server.web;

import io.chatpass.core.store.Database;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Health, metrics and the OpenAPI document. */
public final class SystemRoutes {
    private final Database database;
    private final PrometheusMeterRegistry registry;
    private final byte[] openApi;

    public SystemRoutes(Database database, PrometheusMeterRegistry registry) {
        this.database = database;
        this.registry = registry;
        try (InputStream in = SystemRoutes.class.getResourceAsStream("/openapi.yaml")) {
            this.openApi = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("openapi.yaml missing from the build"));
        }
    }

    public void install(JavalinConfig c) {
        c.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "up")));
        c.routes.get("/health/ready", ctx -> {
            boolean store = database.isReady();
            ctx.status(store ? 200 : 503).json(Map.of("status", store ? "ready" : "not_ready", "store", store ? "up" : "down"));
        });
        c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        c.routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi));
    }
}

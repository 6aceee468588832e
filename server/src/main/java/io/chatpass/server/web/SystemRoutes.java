package io.chatpass.server.web;

import io.chatpass.core.store.Database;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Health, metrics and the OpenAPI document. With server.managementPort, /metrics and /openapi.yaml move to a
 * listener of their own, with the admin API and console (health stays on both), so none of them need be public.
 */
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

    /** The main port's routes: health, and the management routes unless they have a port of their own. */
    public void install(JavalinConfig c, Routes hot, boolean managementElsewhere) {
        hot.getWithoutWaiting("/health/live", this::live);
        hot.get("/health/ready", this::ready);
        if (!managementElsewhere) installManagement(c);
    }

    private void live(Exchange x) {
        x.json(Map.of("status", "up"));
    }

    private void ready(Exchange x) {
        boolean store = database.isReady();
        x.status(store ? 200 : 503).json(Map.of("status", store ? "ready" : "not_ready", "store", store ? "up" : "down"));
    }

    private void installManagement(JavalinConfig c) {
        c.routes.get("/metrics", ctx -> {
            // OpenMetrics for a scraper that asks for it (Prometheus does, with exemplars), else the classic text format
            String accept = ctx.header("Accept");
            if (accept != null && accept.contains("application/openmetrics-text")) {
                String type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
                ctx.contentType(type).result(registry.scrape(type));
            } else {
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
            }
        });
        c.routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi));
    }

}

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
 * listener of their own (health stays on both), so they need not be public.
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
    public void install(JavalinConfig c, HotRoutes hot, boolean managementElsewhere) {
        hot.get("/health/live", this::live);
        hot.get("/health/ready", this::ready);
        if (!managementElsewhere) installManagement(c);
    }

    private void installHealth(JavalinConfig c) {
        c.routes.get("/health/live", JavalinExchange.handler(this::live));
        c.routes.get("/health/ready", JavalinExchange.handler(this::ready));
    }

    private void live(Exchange x) {
        x.json(Map.of("status", "up"));
    }

    private void ready(Exchange x) {
        boolean store = database.isReady();
        x.status(store ? 200 : 503).json(Map.of("status", store ? "ready" : "not_ready", "store", store ? "up" : "down"));
    }

    private void installManagement(JavalinConfig c) {
        c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        c.routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi));
    }

    /** The management listener: health, metrics and the OpenAPI document, nothing else. */
    public io.javalin.Javalin managementServer(String host, int port) {
        return io.javalin.Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jetty.host = host;
            c.jetty.port = port;
            c.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            installHealth(c);
            installManagement(c);
        });
    }
}

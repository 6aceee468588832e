package io.chatpass.server.web;

import io.chatpass.core.upstream.Telemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry traces, configured by the standard {@code OTEL_*} variables (OTLP endpoint, headers, sampler,
 * resource attributes) and off unless one of them asks for traces: {@code OTEL_TRACES_EXPORTER}, or an OTLP endpoint
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}). {@code OTEL_SDK_DISABLED=true}
 * wins. Metrics and logs stay with Prometheus and the log; only traces are exported.
 */
public final class Tracing implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /** Whether these variables ask for traces. */
    public static boolean requested(Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"))) return false;
        String exporter = env.get("OTEL_TRACES_EXPORTER");
        if (exporter != null) return !exporter.isBlank() && !"none".equalsIgnoreCase(exporter.strip());
        return env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT") || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    }

    /**
     * Starts the SDK the variables describe and installs it for every request and upstream call; null (tracing off,
     * nothing installed) when they ask for no traces.
     */
    public static Tracing start(Map<String, String> env) {
        if (!requested(env)) return null;
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of("otel.service.name", "chatpass", "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .disableShutdownHook()
                .build().getOpenTelemetrySdk();
        Telemetry.install(sdk);
        log.info("tracing on: spans exported as the OTEL_* variables say");
        return new Tracing(sdk);
    }

    /** Exports what is pending and switches tracing off. */
    @Override
    public void close() {
        Telemetry.install(OpenTelemetry.noop());
        sdk.close();
    }
}

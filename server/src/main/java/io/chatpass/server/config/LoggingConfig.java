package io.chatpass.server.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How log lines are written: {@code text} (one readable line per event) or {@code json} (one JSON object per line),
 * and from which level ({@code info} by default; the system property {@code chatpass.logLevel} wins, for a one-off
 * debugging run).
 */
public record LoggingConfig(String format, String level) {
    static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    public LoggingConfig {
        format = Objects.requireNonNullElse(format, "text");
        level = Objects.requireNonNullElse(level, "info").toLowerCase(Locale.ROOT);
    }

    void validate(Problems p) {
        if (!format.equals("text") && !format.equals("json")) {
            p.add("format", "must be text or json, not '" + format + "'", "json suits log collectors; text suits a terminal");
        }
        if (!LEVELS.contains(level)) {
            p.add("level", "must be one of trace, debug, info, warn or error, not '" + level + "'", "info is the default");
        }
    }

    public boolean json() {
        return format.equals("json");
    }
}

package io.chatpass.server.config;

import java.util.Objects;

/** How log lines are written: {@code text} (one readable line per event) or {@code json} (one JSON object per line). */
public record LoggingConfig(String format) {
    public LoggingConfig {
        format = Objects.requireNonNullElse(format, "text");
    }

    void validate(Problems p) {
        if (!format.equals("text") && !format.equals("json")) {
            p.add("format", "must be text or json, not '" + format + "'", "json suits log collectors; text suits a terminal");
        }
    }

    public boolean json() {
        return format.equals("json");
    }
}

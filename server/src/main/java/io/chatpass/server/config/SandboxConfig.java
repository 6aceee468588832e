package io.chatpass.server.config;

import java.util.Objects;

/** The offline sandbox (fake login and vendor stand-ins). Off unless asked for; `demo` turns it on. */
public record SandboxConfig(Boolean enabled) {
    public SandboxConfig {
        enabled = Objects.requireNonNullElse(enabled, false);
    }
}

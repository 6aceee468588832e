package io.chatpass.server.config;

import io.chatpass.core.Secret;
import java.util.Objects;

/**
 * The offline sandbox: a sign-in page issuing Xsolla-style login tokens, and stand-ins for LiveChat and Zendesk.
 * Off unless asked for; `demo` turns it on; under `serve` it logs a loud warning at start. Never in production:
 * anyone can sign in as anyone.
 *
 * @param loginSecret the HMAC secret the sandbox signs login tokens with (a login verifier must use the same)
 */
public record SandboxConfig(Boolean enabled, Secret loginSecret, String projectId) {
    public static final String DEFAULT_PROJECT = "sandbox";

    public SandboxConfig {
        enabled = Objects.requireNonNullElse(enabled, false);
        projectId = Objects.requireNonNullElse(projectId, DEFAULT_PROJECT);
    }

    void validate(Problems p) {
        if (!enabled) return;
        if (loginSecret == null || !loginSecret.isStrongHmacKey()) {
            p.add("loginSecret", "is missing or under 256 bits", "the sandbox signs login tokens with it; `chatpass demo` makes one");
        }
    }
}

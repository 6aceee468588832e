package io.chatpass.server.config;

import io.chatpass.core.Secret;
import java.util.Objects;

/**
 * The offline sandbox: a sign-in page issuing Xsolla-style login tokens, and every vendor's stand-in.
 * Only `chatpass demo` may turn it on: every other command refuses {@code sandbox.enabled} from any source (file or
 * environment), since anyone can sign in as anyone. Even in the demo it needs a loopback bind.
 *
 * @param loginSecret the HMAC secret the sandbox signs login tokens with (a login verifier must use the same)
 */
public record SandboxConfig(Boolean enabled, Secret loginSecret, String projectId) {
    public static final String DEFAULT_PROJECT = "sandbox";

    public SandboxConfig {
        enabled = Objects.requireNonNullElse(enabled, false);
        projectId = Objects.requireNonNullElse(projectId, DEFAULT_PROJECT);
    }

    void validate(Problems p, boolean allowed, ServerConfig server) {
        if (!enabled) return;
        if (!allowed) {
            p.add("enabled", "is true, but the sandbox lets anyone sign in as anyone and runs only under `chatpass demo`",
                    "remove sandbox.enabled (and any CHATPASS_SANDBOX_ENABLED variable); run `chatpass demo` to try the flow");
            return;
        }
        if (!io.chatpass.core.IpRanges.isLoopbackLiteral(server.host())) {
            p.add("enabled", "needs a loopback bind, but server.host is '" + server.host() + "'", "bind the demo to 127.0.0.1");
        }
        if (loginSecret == null || !loginSecret.isStrongHmacKey()) {
            p.add("loginSecret", "is missing or under 256 bits", "the sandbox signs login tokens with it; `chatpass demo` makes one");
        }
    }
}

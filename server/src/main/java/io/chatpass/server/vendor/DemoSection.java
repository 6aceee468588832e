package io.chatpass.server.vendor;

import java.util.List;

/**
 * A vendor's part of the demo's configuration: the secret files it needs (made once, random, under the demo's
 * {@code secrets/}), and its section's body as YAML, where {@code {base}} stands for the demo's own address (its
 * sandbox stand-ins live there) and a secret is referenced as {@code ${file:secrets/NAME}}.
 */
public record DemoSection(List<String> secretFiles, String yaml) {
    public DemoSection {
        secretFiles = List.copyOf(secretFiles);
    }

    /** A section whose only value is one secret, e.g. {@code {secret: "${file:secrets/NAME-secret}"}}. */
    public static DemoSection oneSecret(String key, String file) {
        return new DemoSection(List.of(file), "{" + key + ": \"${file:secrets/" + file + "}\"}");
    }
}

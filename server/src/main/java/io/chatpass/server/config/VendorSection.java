package io.chatpass.server.config;

import java.util.List;

/**
 * Where a vendor's settings sit in chatpass.yml and what they bind to: one top-level key, or a key under a group
 * ({@code widgets.NAME}). The configuration knows vendors only through these, handed to it by the vendor registry.
 *
 * @param path dot-separated keys from the top of the file
 */
public record VendorSection(String path, Class<? extends VendorSettings> type) {
    public VendorSection {
        if (!path.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)?")) throw new IllegalArgumentException("a section is one or two keys: " + path);
    }

    List<String> keys() {
        return List.of(path.split("\\."));
    }
}

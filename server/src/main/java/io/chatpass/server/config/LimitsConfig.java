package io.chatpass.server.config;

import java.util.Objects;

/**
 * Request rate limits on the /v1/ API, per client address and per verified user, each a bucket refilled over a
 * minute. On by default with generous figures: a page load calls a handful of routes. Loopback clients are not
 * counted per address unless {@code countLoopback} (a local reverse proxy would otherwise make every visitor one
 * address; give it {@code server.trustedProxies} instead).
 */
public record LimitsConfig(Boolean enabled, Integer perIpPerMinute, Integer perUserPerMinute, Boolean countLoopback) {
    public static final int DEFAULT_PER_IP = 1200;
    public static final int DEFAULT_PER_USER = 120;

    public LimitsConfig {
        enabled = Objects.requireNonNullElse(enabled, true);
        perIpPerMinute = Objects.requireNonNullElse(perIpPerMinute, DEFAULT_PER_IP);
        perUserPerMinute = Objects.requireNonNullElse(perUserPerMinute, DEFAULT_PER_USER);
        countLoopback = Objects.requireNonNullElse(countLoopback, false);
    }

    void validate(Problems p) {
        if (perIpPerMinute < 1 || perIpPerMinute > 1_000_000) {
            p.add("perIpPerMinute", "must be between 1 and 1000000, not " + perIpPerMinute, "the default is " + DEFAULT_PER_IP);
        }
        if (perUserPerMinute < 1 || perUserPerMinute > 1_000_000) {
            p.add("perUserPerMinute", "must be between 1 and 1000000, not " + perUserPerMinute, "the default is " + DEFAULT_PER_USER);
        }
    }
}

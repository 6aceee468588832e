package io.chatpass.server.config;

import io.chatpass.core.IpRanges;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * HTTP listener, CORS allow-list and request limits. Defaults are the safe ones: loopback, small limits.
 *
 * @param trustedProxies addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed
 * @param fastPath       serve the hot routes from a Jetty core handler without the servlet layer (default true;
 *                       false sends every request through Javalin: for comparisons and as a way out)
 * @param hstsMaxAgeSeconds Strict-Transport-Security's max-age, sent on every answer when publicUrl is https (never on
 *                       plain http); 0 sends none
 */
public record ServerConfig(String host, Integer port, String publicUrl, List<String> allowedOrigins,
                           Integer maxRequestBytes, Integer maxHeaderBytes, Integer shutdownSeconds, Boolean accessLog,
                           List<String> trustedProxies, Integer managementPort, Boolean fastPath,
                           Integer hstsMaxAgeSeconds) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_SHUTDOWN_SECONDS = 10;
    /** One year: what browsers' preload lists ask for, and long enough that a returning operator never goes through plain http. */
    public static final int DEFAULT_HSTS_MAX_AGE_SECONDS = 31_536_000;

    public ServerConfig {
        host = Objects.requireNonNullElse(host, DEFAULT_HOST);
        port = Objects.requireNonNullElse(port, DEFAULT_PORT);
        allowedOrigins = List.copyOf(Objects.requireNonNullElse(allowedOrigins, List.of()));
        maxRequestBytes = Objects.requireNonNullElse(maxRequestBytes, DEFAULT_MAX_REQUEST_BYTES);
        maxHeaderBytes = Objects.requireNonNullElse(maxHeaderBytes, DEFAULT_MAX_HEADER_BYTES);
        shutdownSeconds = Objects.requireNonNullElse(shutdownSeconds, DEFAULT_SHUTDOWN_SECONDS);
        accessLog = Objects.requireNonNullElse(accessLog, true);
        fastPath = Objects.requireNonNullElse(fastPath, true);
        hstsMaxAgeSeconds = Objects.requireNonNullElse(hstsMaxAgeSeconds, DEFAULT_HSTS_MAX_AGE_SECONDS);
        trustedProxies = List.copyOf(Objects.requireNonNullElse(trustedProxies, List.of()));
    }

    /** Every setting at its default (no server section in the file). */
    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    void validate(Problems p) {
        if (host.isBlank()) p.add("host", "is empty", "set an interface address such as 127.0.0.1");
        if (port < 0 || port > 65535) p.add("port", "must be between 0 and 65535 (0 picks a free port), not " + port, "use a valid TCP port");
        if (publicUrl != null) Urls.checkHttpUrl(p, "publicUrl", publicUrl);
        for (int i = 0; i < allowedOrigins.size(); i++) {
            Urls.checkOrigin(p, "allowedOrigins[" + i + "]", allowedOrigins.get(i));
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > 10 * 1024 * 1024) {
            p.add("maxRequestBytes", "must be between 1024 and 10485760, not " + maxRequestBytes, "the default 65536 suits every route");
        }
        if (maxHeaderBytes < 4096 || maxHeaderBytes > 64 * 1024) {
            p.add("maxHeaderBytes", "must be between 4096 and 65536, not " + maxHeaderBytes, "the default 16384 fits an 8 KiB login token");
        }
        for (int i = 0; i < trustedProxies.size(); i++) {
            try {
                IpRanges.validate(trustedProxies.get(i));
            } catch (IllegalArgumentException e) {
                p.add("trustedProxies[" + i + "]", "is not an IP address or CIDR range: '" + trustedProxies.get(i) + "'",
                        "write an address such as 10.0.0.5 or a range such as 10.0.0.0/8");
            }
        }
        if (managementPort != null && (managementPort < 0 || managementPort > 65535 || (managementPort.equals(port) && port != 0))) {
            p.add("managementPort", "must be a TCP port other than server.port (0 picks a free one), not " + managementPort,
                    "leave it out to serve /metrics and /openapi.yaml on the main port");
        }
        if (hstsMaxAgeSeconds < 0 || hstsMaxAgeSeconds > 2 * DEFAULT_HSTS_MAX_AGE_SECONDS) {
            p.add("hstsMaxAgeSeconds", "must be between 0 and 63072000 (two years), not " + hstsMaxAgeSeconds,
                    "the default is a year; 0 sends no Strict-Transport-Security");
        }
        if (shutdownSeconds < 0 || shutdownSeconds > 300) {
            p.add("shutdownSeconds", "must be between 0 and 300, not " + shutdownSeconds, "the default is 10");
        }
    }

    /** The Strict-Transport-Security value to send on every answer, or null (publicUrl not https, or max-age 0). */
    public String strictTransportSecurity() {
        boolean https = publicUrl != null && publicUrl.regionMatches(true, 0, "https://", 0, 8);
        return https && hstsMaxAgeSeconds > 0 ? "max-age=" + hstsMaxAgeSeconds : null;
    }

    /** The origin this server itself is reached at (for same-origin requests from the demo site). */
    public String selfOrigin() {
        if (publicUrl != null) {
            URI u = URI.create(publicUrl);
            return u.getScheme() + "://" + u.getAuthority();
        }
        return "http://" + host + ":" + port;
    }
}

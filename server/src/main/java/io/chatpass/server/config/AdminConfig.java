package io.chatpass.server.config;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Admin access: named operator tokens, each configured as the SHA-256 (hex) of the token, never the token, so the
 * config file cannot leak one. The audit log records the operator's name. The single {@code tokenSha256} of earlier
 * versions is still accepted, as the operator "admin". Without any token, every admin route and the console answer
 * 404.
 *
 * @param sessionIdleMinutes a console session unused this long ends
 * @param sessionMaxHours    a console session this old ends, however busy (sign in again)
 * @param timeZone           the console's times, until an operator picks another (an IANA zone, e.g. Europe/Berlin)
 */
public record AdminConfig(String tokenSha256, List<Token> tokens, Integer sessionIdleMinutes, Integer sessionMaxHours,
                          String timeZone) {
    public static final String LEGACY_NAME = "admin";

    public record Token(String name, String sha256) {
    }

    public AdminConfig {
        tokens = List.copyOf(Objects.requireNonNullElse(tokens, List.of()));
        sessionIdleMinutes = Objects.requireNonNullElse(sessionIdleMinutes, 30);
        sessionMaxHours = Objects.requireNonNullElse(sessionMaxHours, 12);
        timeZone = Objects.requireNonNullElse(timeZone, "UTC");
    }

    void validate(Problems p) {
        if (tokenSha256 != null && !isHash(tokenSha256)) {
            p.add("tokenSha256", "is not 64 hex characters", "put the hash printed by `chatpass keys generate`, not the token");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        if (tokenSha256 != null) names.add(LEGACY_NAME);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Problems tp = p.under("tokens[" + i + "]");
            if (t == null || t.name() == null || !t.name().matches("[A-Za-z0-9._@-]{1,64}")) {
                tp.add("name", "is missing or not 1 to 64 letters, digits, '.', '_', '@' or '-'", "name the operator, e.g. alice");
            } else if (!names.add(t.name())) {
                tp.add("name", "'" + t.name() + "' is used twice", "give each operator their own token and name");
            }
            if (t == null || t.sha256() == null || !isHash(t.sha256())) {
                tp.add("sha256", "is not 64 hex characters", "put the hash printed by `chatpass keys generate --name NAME`, not the token");
            }
        }
        if (sessionIdleMinutes < 1 || sessionIdleMinutes > 24 * 60) {
            p.add("sessionIdleMinutes", "must be between 1 and 1440", "the default is 30");
        }
        try {
            java.time.ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            p.add("timeZone", "'" + timeZone + "' is not a time zone", "use an IANA name such as Europe/Berlin or America/New_York");
        }
        if (sessionMaxHours < 1 || sessionMaxHours > 168) {
            p.add("sessionMaxHours", "must be between 1 and 168", "the default is 12");
        }
    }

    private static boolean isHash(String s) {
        return s.matches("[0-9a-fA-F]{64}");
    }

    public boolean enabled() {
        return tokenSha256 != null || !tokens.isEmpty();
    }

    /** Operator name by token hash (the legacy single token is "admin"). */
    public Map<String, byte[]> operators() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (tokenSha256 != null) out.put(LEGACY_NAME, hash(tokenSha256));
        for (Token t : tokens) out.put(t.name(), hash(t.sha256()));
        return out;
    }

    private static byte[] hash(String hex) {
        return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    }
}

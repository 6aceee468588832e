package io.chatpass.server.admin;

import static io.chatpass.server.admin.Html.esc;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the console writes values for people: field names as labels, times in the operator's zone with their age,
 * counts by outcome as words. Every value it returns is escaped.
 */
final class ConsoleFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("id", "User id"), Map.entry("email", "Email"), Map.entry("name", "Name"), Map.entry("firstSeen", "First seen"),
            Map.entry("lastSeen", "Last seen"), Map.entry("blocked", "Blocked"), Map.entry("blockedAt", "Blocked at"),
            Map.entry("blockReason", "Block reason"), Map.entry("customerId", "Customer id"), Map.entry("account", "Account"),
            Map.entry("accessTokenCached", "Access token cached"), Map.entry("identificationEmail", "Identification email"),
            Map.entry("createdAt", "Created"), Map.entry("updatedAt", "Updated"), Map.entry("tokenCreatedAt", "Token created"));
    private final ZoneId zone;
    private final Instant now;

    private final Map<String, String> vendorNames;

    /** @param vendorNames each vendor's name as people write it, by id */
    ConsoleFormat(ZoneId zone, Instant now, Map<String, String> vendorNames) {
        this.zone = zone;
        this.now = now;
        this.vendorNames = vendorNames;
    }

    ZoneId zone() {
        return zone;
    }

    static String label(String key) {
        return esc(LABELS.getOrDefault(key, key));
    }

    String vendor(Object key) {
        return esc(vendorNames.getOrDefault(String.valueOf(key), String.valueOf(key)));
    }

    /** "2026-12-01 11:05 (3 min ago)" in the operator's zone; an ISO text is read first; empty for none. */
    String time(Object value) {
        if (value == null) return "";
        Instant t = value instanceof Instant i ? i : Instant.parse(value.toString());
        return "<time datetime=\"" + t + "\">" + esc(TIME.format(t.atZone(zone))) + "</time> <span class=muted>(" + age(t) + ")</span>";
    }

    String age(Instant t) {
        Duration d = Duration.between(t, now);
        boolean future = d.isNegative();
        d = d.abs();
        String amount;
        if (d.toSeconds() < 60) return future ? "in under a minute" : "just now";
        else if (d.toMinutes() < 60) amount = d.toMinutes() + " min";
        else if (d.toHours() < 48) amount = d.toHours() + " h";
        else amount = d.toDays() + " days";
        return future ? "in " + amount : amount + " ago";
    }

    static String yesNo(Object value) {
        return Boolean.TRUE.equals(value) ? "yes" : "no";
    }

    /** {ok=2, unavailable=1} as "2 ok · 1 unavailable"; "none yet" when empty. */
    static String outcomes(Object calls) {
        if (!(calls instanceof Map<?, ?> m) || m.isEmpty()) return "<span class=muted>none yet</span>";
        return m.entrySet().stream().map(e -> esc(e.getValue()) + " " + esc(e.getKey())).collect(Collectors.joining(" · "));
    }

    /** A profile or identity value: times formatted, booleans as yes/no, the rest escaped. */
    String value(String key, Object v) {
        if (v == null) return "<span class=muted>—</span>";
        if (v instanceof Boolean b) return yesNo(b);
        if (key.endsWith("At") || key.endsWith("Seen")) return time(v);
        return esc(v);
    }
}

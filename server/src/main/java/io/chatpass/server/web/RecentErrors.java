package io.chatpass.server.web;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last upstream failures per vendor, for operators (the console's vendors page). Bounded: the newest
 * {@link #PER_VENDOR} per vendor. The messages are the ones logged, which never carry a secret or a token.
 */
public final class RecentErrors {
    public static final int PER_VENDOR = 10;
    public record Entry(String at, String vendor, String kind, String message) {
    }

    private final Clock clock;
    private final Map<String, Deque<Entry>> byVendor = new LinkedHashMap<>();

    public RecentErrors(Clock clock) {
        this.clock = clock;
    }

    public synchronized void add(String vendor, String kind, String message) {
        Deque<Entry> d = byVendor.computeIfAbsent(vendor, v -> new ArrayDeque<>());
        if (d.size() == PER_VENDOR) d.removeLast();
        d.addFirst(new Entry(clock.instant().toString(), vendor, kind, message));
    }

    public synchronized List<Entry> of(String vendor) {
        return new ArrayList<>(byVendor.getOrDefault(vendor, new ArrayDeque<>()));
    }
}

package io.chatpass.server.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems, each naming its full key, what is wrong and what to do. */
public final class Problems {
    private final List<String> all;
    private final String prefix;

    Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<String> all, String prefix) {
        this.all = all;
        this.prefix = prefix;
    }

    public Problems under(String key) {
        return new Problems(all, prefix + key + ".");
    }

    public void add(String key, String what, String fix) {
        all.add(prefix + key + ": " + what + "; " + fix);
    }

    /** A line already in the form key: problem; fix (from another collector). */
    void addLine(String line) {
        all.add(line);
    }

    int count() {
        return all.size();
    }

    List<String> all() {
        return List.copyOf(all);
    }
}

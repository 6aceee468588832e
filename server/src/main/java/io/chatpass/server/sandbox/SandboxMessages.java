package io.chatpass.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.core.store.Jdbc;
import io.chatpass.server.web.Json;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Conversations of the sandbox's stand-in chat services, kept in the store. */
public final class SandboxMessages {
    public static final int MAX_TEXT = 500;
    /** Messages added in one millisecond: this process's order of arrival (ids are ordered by it after their time). */
    private static final AtomicLong ARRIVALS = new AtomicLong();

    private SandboxMessages() {
    }

    public static List<Map<String, Object>> list(Jdbc jdbc, String conversation) {
        return jdbc.list("SELECT at, author, body FROM sandbox_messages WHERE conversation = ? ORDER BY at, id", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", rs.getLong(1));
            m.put("author", rs.getString(2));
            m.put("text", rs.getString(3));
            return m;
        }, conversation);
    }

    /**
     * An id that sorts messages of one millisecond in their order of arrival in this process (a random id sorted them at
     * random: the listing, and which message the trim dropped, could swap two sent in one millisecond), still unique
     * across processes: 16 hex digits of the arrival count, then 19 random ones (36 characters, the column's width).
     */
    static String nextId() {
        return "%016x-%s".formatted(ARRIVALS.getAndIncrement(), UUID.randomUUID().toString().replace("-", "").substring(0, 19));
    }

    public static void add(Jdbc jdbc, Clock clock, String conversation, String author, String text) {
        jdbc.update("INSERT INTO sandbox_messages (id, conversation, at, author, body) VALUES (?, ?, ?, ?, ?)",
                nextId(), conversation, clock.millis(), author, text);
        // A conversation keeps its latest messages; the whole table keeps the latest rows.
        jdbc.update("""
                DELETE FROM sandbox_messages WHERE conversation = ? AND id NOT IN
                    (SELECT id FROM sandbox_messages WHERE conversation = ? ORDER BY at DESC, id DESC LIMIT ?)""",
                conversation, conversation, SandboxLimits.MAX_MESSAGES_PER_CONVERSATION);
        SandboxLimits.trim(jdbc, "sandbox_messages", "at");
    }

    /** The message text of a JSON body, or null after answering 400. */
    public static String text(Context ctx) {
        try {
            JsonNode body = Json.MAPPER.readTree(ctx.body());
            JsonNode t = body.get("text");
            if (t != null && t.isTextual() && !t.textValue().isBlank() && t.textValue().length() <= MAX_TEXT) return t.textValue().strip();
        } catch (Exception e) {
            // fall through to the 400
        }
        ctx.status(400).json(Map.of("error", "invalid_message", "message", "send {\"text\": \"...\"} of 1 to " + MAX_TEXT + " characters"));
        return null;
    }
}

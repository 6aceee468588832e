package io.chatpass.server.web;

import io.chatpass.core.login.IdentityText;
import com.fasterxml.jackson.databind.JsonNode;

/** Checks on request input, each failing with a clear problem and changing nothing. */
public final class Requests {

    private Requests() {
    }

    /**
     * State-changing routes take JSON only: a cross-site form cannot send application/json without a CORS
     * preflight, which the allow-list refuses.
     */
    public static void requireJson(Exchange x) {
        String type = x.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ProblemException(415, "unsupported_media_type", "Unsupported media type",
                    "Send Content-Type: application/json (an empty body is fine).");
        }
    }

    public static JsonNode jsonBody(Exchange x) {
        String body = x.body();
        if (body.isBlank()) return Json.MAPPER.createObjectNode();
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (!node.isObject()) throw invalidBody("the body must be a JSON object");
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalidBody("the body is not valid JSON");
        }
    }

    public static String optionalText(JsonNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || v.textValue().length() > maxLength) {
            throw invalidBody("'" + field + "' must be text of at most " + maxLength + " characters");
        }
        return v.textValue();
    }

    /** A site user id, by the one rule of {@link IdentityText#isUserId}. */
    public static String userId(String raw) {
        if (!isValidUserId(raw)) {
            throw new ProblemException(400, "invalid_user_id", "Invalid user id",
                    "A user id is 1 to 255 characters of well-formed Unicode with no control characters.");
        }
        return raw;
    }

    public static boolean isValidUserId(String id) {
        return IdentityText.isUserId(id);
    }

    private static ProblemException invalidBody(String detail) {
        return new ProblemException(400, "invalid_body", "Invalid request body", detail + ".");
    }
}

package io.chatpass.core.login;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a login token's claims (the decoded JSON bytes of its payload) into the map that nimbus's
 * {@code JWTClaimsSet.parse(Map)} checks and takes, with the value types nimbus's own JSON reader gives (a whole number
 * in the long range is a Long, any other number a Double; objects are maps, arrays lists), so every rule on the claims
 * after it is nimbus's, unchanged.
 *
 * <p>With Jackson's streaming parser, reading straight from the bytes: nimbus's reader (its shaded Gson) made a String
 * of the JSON, a 2 KiB buffer and a type token per call, 23% of everything the token route allocated (async-profiler).
 * Both refuse a repeated top-level name, anything after the object, numbers that are not finite and JSON's
 * non-standard forms (comments, single quotes, unquoted names, NaN). Where they differ this one is stricter, never
 * looser: it refuses a repeated name inside a nested object (nimbus keeps the last), an array or null in place of the
 * object (nimbus reads {@code []} as no claims), more than {@link #MAX_DEPTH} levels, and bytes that are not UTF-8
 * (read before as U+FFFD). {@code ClaimsJsonTest} compares the two on generated, mutated and hostile inputs.
 */
final class ClaimsJson {
    /** Levels of nesting at most: far more than any login's claims, few enough for the reader's stack. */
    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // names are canonicalised (shared, bounded table) but not String.intern'ed: they come from the sender
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private ClaimsJson() {
    }

    /** The claims object, or a ParseException naming what is wrong (never the claims' values). */
    static Map<String, Object> read(byte[] json) throws ParseException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new ParseException("the claims are not a JSON object", 0);
            Map<String, Object> claims = object(p);
            if (p.nextToken() != null) throw new ParseException("data after the claims object", 0);
            return claims;
        } catch (IOException e) {
            // Jackson's message quotes the input around the error: the claims are the sender's, keep only the kind
            throw new ParseException("invalid claims JSON (" + e.getClass().getSimpleName() + ")", 0);
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException, ParseException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            m.put(name, value(p, p.nextToken()));
        }
        return m;
    }

    private static List<Object> array(JsonParser p) throws IOException, ParseException {
        List<Object> l = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) l.add(value(p, t));
        return l;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException, ParseException {
        return switch (t) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> array(p);
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? finite(p.getDoubleValue())
                    : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> finite(p.getDoubleValue());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new ParseException("unexpected " + t + " in the claims", 0);
        };
    }

    private static Double finite(double d) throws ParseException {
        if (!Double.isFinite(d)) throw new ParseException("a number in the claims is out of range", 0);
        return d;
    }
}

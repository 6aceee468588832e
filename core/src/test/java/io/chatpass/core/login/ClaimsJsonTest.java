package io.chatpass.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The claims reader against the one it replaced (nimbus's own, {@link JSONObjectUtils#parse(String)}): the same map,
 * value for value and type for type, wherever it accepts; and where the two differ, only ever a refusal here.
 */
class ClaimsJsonTest {
    private static Map<String, Object> ours(String json) throws ParseException {
        return ClaimsJson.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> nimbus(String json) throws ParseException {
        return JSONObjectUtils.parse(json);
    }

    private static void same(String json) throws ParseException {
        Map<String, Object> expected = nimbus(json);
        Map<String, Object> actual = ours(json);
        assertThat(actual).as(json).isEqualTo(expected);
        assertThat(types(actual)).as("value types of " + json).isEqualTo(types(expected));
        assertThat(JWTClaimsSet.parse(actual).toJSONObject()).isEqualTo(JWTClaimsSet.parse(expected).toJSONObject());
    }

    /** The value's shape with each leaf's class: equal maps can still differ in Long against Double. */
    private static String types(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, x) -> b.append(k).append(':').append(types(x)).append(','));
            return b.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            l.forEach(x -> b.append(types(x)).append(','));
            return b.append(']').toString();
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    @Test
    void readsWhatNimbusReadsWithTheSameTypes() throws Exception {
        same("{}");
        same("{\"sub\":\"u-1\",\"iss\":\"https://login.example\",\"aud\":[\"a\",\"b\"],\"exp\":1893456000,\"iat\":1700000000}");
        same("{\"email\":\"ana@example.com\",\"email_verified\":true,\"name\":\"Ana \\u00e9 \\\"q\\\" \\\\ \\/ \\n\",\"x\":null}");
        same("{\"n\":[0,-1,9223372036854775807,-9223372036854775808,9223372036854775808,1.5,-0.0,1e3,1E-3,12345678901234567890123]}");
        same("{\"nested\":{\"a\":{\"b\":[{\"c\":[]},{}]}},\"flag\":false}");
        same("{\"emoji\":\"\\ud83d\\ude00 \uD83D\uDE00\",\"lone\":\"\\ud83d\"}");
        same(" \n\t{ \"a\" : 1 , \"b\" : [ 1 , 2 ] } \r\n");
    }

    @Test
    void refusesWhatNimbusRefuses() {
        for (String bad : List.of("", "   ", "\"s\"", "1", "true", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\" 1}",
                "{\"a\":1}x", "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "{\"a\":[1,2}", "{\"a\":\"\\x\"}", "{\"a\":01}",
                "{\"a\":1 /* c */}", "{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1e400}", "{\"a\":-1e400}")) {
            assertThatThrownBy(() -> nimbus(bad)).as("nimbus refuses " + bad).isInstanceOf(ParseException.class);
            assertThatThrownBy(() -> ours(bad)).as("so does ours: " + bad).isInstanceOf(ParseException.class);
        }
    }

    @Test
    void refusesMoreThanNimbusNeverLess() {
        List<String> stricter = List.of(
                "{\"o\":{\"a\":1,\"a\":2}}", // a repeated name inside an object: nimbus keeps the last
                "[]", "null", // no object: nimbus reads [] as no claims, null as null
                "{\"a\":" + "[".repeat(ClaimsJson.MAX_DEPTH) + "]".repeat(ClaimsJson.MAX_DEPTH) + "}"); // too deep
        for (String bad : stricter) {
            assertThatThrownBy(() -> ours(bad)).as(bad).isInstanceOf(ParseException.class);
        }
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> ClaimsJson.read(notUtf8)).isInstanceOf(ParseException.class);
        String deepEnough = "{\"a\":" + "[".repeat(ClaimsJson.MAX_DEPTH - 1) + "]".repeat(ClaimsJson.MAX_DEPTH - 1) + "}";
        assertThat(catchingNothing(deepEnough)).as("the deepest accepted").containsKey("a");
    }

    private static Map<String, Object> catchingNothing(String json) {
        try {
            return ours(json);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRefusalNeverQuotesTheClaims() {
        String[] leaks = {"{\"email\":\"secret-mail@example.com\",\"email\":\"secret-mail@example.com\"}",
                "{\"email\":\"secret-mail@example.com\" secret-mail}", "{\"secret-mail\":1e999}"};
        for (String json : leaks) {
            assertThatThrownBy(() -> ours(json)).isInstanceOf(ParseException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-mail"));
        }
    }

    /**
     * Random claims objects, as text with random spacing, and one-character mutations of them: wherever this reader
     * accepts, nimbus accepts too and reads the same map.
     */
    @Test
    void generatedAndMutatedClaimsAgreeWithNimbus() throws Exception {
        Random random = new Random(20261202);
        int accepted = 0;
        int mutatedAccepted = 0;
        for (int i = 0; i < 4_000; i++) {
            StringBuilder b = new StringBuilder();
            object(random, b, 0);
            String json = b.toString();
            same(json);
            accepted++;
            StringBuilder m = new StringBuilder(json);
            int at = random.nextInt(m.length());
            String alphabet = "{}[]:,\"\\ 0123456789.eE-+tfnulax";
            switch (random.nextInt(3)) {
                case 0 -> m.deleteCharAt(at);
                case 1 -> m.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> m.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String mutated = m.toString();
            Map<String, Object> ours;
            try {
                ours = ours(mutated);
            } catch (ParseException refused) {
                continue;
            }
            mutatedAccepted++;
            assertThat(ours).as("accepted here, so by nimbus, the same: " + mutated).isEqualTo(nimbus(mutated));
            assertThat(types(ours)).as(mutated).isEqualTo(types(nimbus(mutated)));
        }
        assertThat(accepted).isEqualTo(4_000);
        assertThat(mutatedAccepted).as("some mutations stay valid JSON, and were compared").isGreaterThan(100);
    }

    private static void space(Random r, StringBuilder b) {
        if (r.nextInt(4) == 0) b.append(" \n\t\r".charAt(r.nextInt(4)));
    }

    private static void object(Random r, StringBuilder b, int depth) {
        b.append('{');
        int n = r.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            space(r, b);
            b.append('"').append("k").append(i).append(r.nextInt(3) == 0 ? "\\u00e9" : "").append('"');
            space(r, b);
            b.append(':');
            value(r, b, depth + 1);
        }
        space(r, b);
        b.append('}');
    }

    private static void value(Random r, StringBuilder b, int depth) {
        space(r, b);
        switch (r.nextInt(depth > 4 ? 6 : 8)) {
            case 0 -> b.append('"').append(List.of("", "a b", "\\\"q\\\"", "\\u0041\\n", "é", "\\ud83d\\ude00").get(r.nextInt(6))).append('"');
            case 1 -> b.append(r.nextLong());
            case 2 -> b.append(r.nextInt(2000) - 1000);
            case 3 -> b.append(List.of("1.5", "-0.25", "1e3", "2E-2", "0.0", "123456789012345678901234567890", "1.7976931348623157e308").get(r.nextInt(7)));
            case 4 -> b.append(List.of("true", "false", "null").get(r.nextInt(3)));
            case 5 -> b.append('"').append(r.nextInt()).append('"');
            case 6 -> object(r, b, depth);
            default -> {
                b.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) b.append(',');
                    value(r, b, depth + 1);
                }
                space(r, b);
                b.append(']');
            }
        }
        space(r, b);
    }
}

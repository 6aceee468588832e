package io.chatpass.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatpass.core.Secret;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks the YAML tree against the configuration records before binding, so that every unknown key and every value
 * of the wrong type is reported in one run (binding alone stops at the first). A key found wrong is removed from the
 * tree, so binding and validation still run on the rest; {@link #wrongKeys} lets validation skip what was reported.
 */
final class ConfigShape {
    private final Problems problems;
    private final List<String> wrong = new ArrayList<>();

    private ConfigShape(Problems problems) {
        this.problems = problems;
    }

    /** Reports every shape problem of the tree into {@code problems}; returns the keys reported. */
    static List<String> check(ObjectNode root, Problems problems, List<VendorSection> vendors) {
        ConfigShape s = new ConfigShape(problems);
        s.record(root, topLevel(vendors), "");
        return s.wrong;
    }

    /**
     * The keys of the file's top level: the sections of {@link ChatpassConfig} and the vendors' sections (one key, or a
     * group key such as {@code widgets} holding several). A group is a map of its keys; anything else is a type.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> topLevel(List<VendorSection> vendors) {
        Map<String, Object> top = new java.util.TreeMap<>();
        for (RecordComponent c : ChatpassConfig.class.getRecordComponents()) {
            if (!c.getName().equals("vendors")) top.put(c.getName(), c.getGenericType());
        }
        for (VendorSection v : vendors) {
            List<String> k = v.keys();
            if (k.size() == 1) {
                top.put(k.get(0), v.type());
            } else {
                ((Map<String, Object>) top.computeIfAbsent(k.get(0), x -> new java.util.TreeMap<String, Object>())).put(k.get(1), v.type());
            }
        }
        return top;
    }

    /** The keys under a group (a map) or a record type, each with its type or group. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> children(Object shape) {
        if (shape instanceof Map<?, ?> group) return (Map<String, Object>) group;
        Class<?> raw = shape instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) shape;
        Map<String, Object> out = new java.util.TreeMap<>();
        for (RecordComponent c : raw.getRecordComponents()) out.put(c.getName(), c.getGenericType());
        return out;
    }

    private void report(String key, String problem, String fix) {
        wrong.add(key);
        problems.add(key.isEmpty() ? "config" : key, problem, fix);
    }

    private void record(ObjectNode node, Object shape, String path) {
        Map<String, Object> components = children(shape);
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            var f = it.next();
            String key = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            Object c = components.get(f.getKey());
            if (c == null) {
                report(key, "unknown key", "remove it or fix its spelling (known keys here: "
                        + components.keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
                it.remove();
            } else if (c instanceof Map<?, ?> group) {
                if (f.getValue().isNull()) continue;
                if (!(f.getValue() instanceof ObjectNode o)) {
                    wrongType(key, "a mapping of keys");
                    it.remove();
                } else {
                    record(o, group, key);
                }
            } else if (!f.getValue().isNull() && !value(f.getValue(), (Type) c, key)) {
                it.remove();
            }
        }
    }

    /** True when the value fits the type (after reporting what inside it did not); false when it is reported and goes. */
    private boolean value(JsonNode v, Type type, String key) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord()) {
            if (!(v instanceof ObjectNode o)) return wrongType(key, "a mapping of keys");
            record(o, raw, key);
            return true;
        }
        if (List.class.isAssignableFrom(raw)) {
            if (!(v instanceof ArrayNode a)) return wrongType(key, "a list");
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).isNull() && !value(a.get(i), element, key + "[" + i + "]")) a.set(i, com.fasterxml.jackson.databind.node.NullNode.getInstance());
            }
            return true;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!v.isObject()) return wrongType(key, "a mapping of keys");
            return true;
        }
        if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class) {
            boolean ok = v.isIntegralNumber() || (v.isTextual() && v.textValue().strip().matches("-?\\d{1,18}"));
            return ok || wrongType(key, "a number");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            boolean ok = v.isBoolean() || (v.isTextual() && v.textValue().strip().matches("(?i)true|false"));
            return ok || wrongType(key, "true or false");
        }
        if (raw == String.class || raw == Secret.class) {
            return v.isValueNode() || wrongType(key, "a text value");
        }
        return true;
    }

    private boolean wrongType(String key, String expected) {
        report(key, "expected " + expected, "fix the value's type");
        return false;
    }
}

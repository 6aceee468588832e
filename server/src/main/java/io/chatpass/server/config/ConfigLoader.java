package io.chatpass.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chatpass.core.Secret;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads {@code chatpass.yml}: YAML, then {@code CHATPASS_SECTION_KEY} environment overrides, then
 * {@code ${ENV}} and {@code ${file:PATH}} references, then binding to records (unknown keys refused), then
 * validation. Every problem is collected and reported at once, each naming its key; values are never echoed
 * for keys that may hold secrets.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "CHATPASS_";
    /** Read by the launcher script, not by the configuration (the JVM's heap limit). */
    static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of("CHATPASS_HEAP", "CHATPASS_CDS");
    /** Where systemd puts the files named by LoadCredential= ({@code ${credential:NAME}} reads NAME there). */
    static final String CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY";
    private static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, String> env;
    private final boolean sandboxAllowed;
    private final List<VendorSection> vendors;

    /**
     * A loader for real deployments: the sandbox is refused, from the file and from the environment alike.
     *
     * @param vendors every vendor's section, from the vendor registry
     */
    public ConfigLoader(Map<String, String> env, List<VendorSection> vendors) {
        this(env, false, vendors);
    }

    private ConfigLoader(Map<String, String> env, boolean sandboxAllowed, List<VendorSection> vendors) {
        this.env = Map.copyOf(env);
        this.sandboxAllowed = sandboxAllowed;
        this.vendors = List.copyOf(vendors);
    }

    public static ConfigLoader fromSystem(List<VendorSection> vendors) {
        return new ConfigLoader(System.getenv(), vendors);
    }

    /** The demo's loader: its own generated file only (no environment), the sandbox allowed on a loopback bind. */
    public static ConfigLoader forDemo(List<VendorSection> vendors) {
        return new ConfigLoader(Map.of(), true, vendors);
    }

    public ChatpassConfig load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of("config file " + file + ": cannot be read (" + e.getClass().getSimpleName()
                    + "); check the path given to --config"));
        }
        return parse(yaml, file.toAbsolutePath().getParent());
    }

    /** Parses YAML text; relative {@code ${file:...}} paths resolve against {@code baseDir}. */
    public ChatpassConfig parse(String yaml, Path baseDir) {
        ObjectMapper mapper = mapper();
        Problems problems = new Problems();
        ObjectNode root;
        try {
            JsonNode tree = mapper.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                root = JsonNodeFactory.instance.objectNode();
            } else if (tree instanceof ObjectNode o) {
                root = o;
            } else {
                throw new ConfigException(List.of("config: the top level must be a mapping of sections (server, store, ...)"));
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(yamlProblem(e)));
        }
        applyEnvOverrides(root, problems);
        resolveReferences(root, "", baseDir, problems);
        List<String> wrongKeys = new ArrayList<>();
        for (String line : problems.all()) wrongKeys.add(line.substring(0, line.indexOf(": "))); // unresolved references
        wrongKeys.addAll(ConfigShape.check(root, problems, vendors));

        ChatpassConfig config;
        try {
            Map<String, VendorSettings> sections = bindVendors(mapper, root);
            config = mapper.treeToValue(root, ChatpassConfig.class).withVendors(sections);
        } catch (VendorBindingException e) {
            throw new ConfigException(with(problems, e.getMessage()));
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(with(problems, path(e) + ": unknown key; remove it or fix its spelling (known keys here: "
                    + known + ")"));
        } catch (MismatchedInputException e) {
            throw new ConfigException(with(problems, path(e) + ": expected " + describe(e.getTargetType()) + "; fix the value's type"));
        } catch (JsonMappingException e) {
            throw new ConfigException(with(problems, path(e) + ": cannot be read; check its value"));
        } catch (JsonProcessingException e) {
            throw new ConfigException(with(problems, "config: cannot be read; check the file"));
        }
        // Validation runs on what could be read; a key already reported (and removed) is not reported again as missing.
        Problems checks = new Problems();
        try {
            config.validate(checks, sandboxAllowed);
        } catch (RuntimeException e) {
            if (problems.count() == 0) throw e;
        }
        for (String line : checks.all()) {
            if (wrongKeys.stream().noneMatch(k -> line.startsWith(k + ":") || line.startsWith(k + ".") || line.startsWith(k + "["))) {
                problems.addLine(line);
            }
        }
        if (!problems.all().isEmpty()) throw new ConfigException(problems.all());
        return config;
    }

    /** A vendor section that does not bind; its message is the problem line, the key named from the file's top. */
    private static final class VendorBindingException extends Exception {
        VendorBindingException(String line) {
            super(line, null, false, false);
        }
    }

    /**
     * Takes every vendor's section out of the tree and binds it to the vendor's settings type; a group left empty
     * (widgets, once its vendors are taken) goes too, so the rest binds to {@link ChatpassConfig}.
     */
    private Map<String, VendorSettings> bindVendors(ObjectMapper mapper, ObjectNode root) throws VendorBindingException {
        Map<String, VendorSettings> out = new java.util.LinkedHashMap<>();
        for (VendorSection v : vendors) {
            List<String> keys = v.keys();
            JsonNode parent = keys.size() == 1 ? root : root.get(keys.get(0));
            if (!(parent instanceof ObjectNode p)) continue;
            JsonNode node = p.remove(keys.get(keys.size() - 1));
            if (node == null || node.isNull()) continue;
            try {
                out.put(v.path(), mapper.treeToValue(node, v.type()));
            } catch (MismatchedInputException e) {
                throw new VendorBindingException(v.path() + under(e) + ": expected " + describe(e.getTargetType()) + "; fix the value's type");
            } catch (JsonProcessingException e) {
                throw new VendorBindingException(v.path() + under(e) + ": cannot be read; check its value");
            }
        }
        for (VendorSection v : vendors) {
            String first = v.keys().get(0);
            if (v.keys().size() > 1 && root.get(first) != null && (root.get(first).isNull() || root.get(first).isEmpty())) root.remove(first);
        }
        return out;
    }

    private static String under(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m)) return "";
        String p = path(m);
        return p.equals("config") ? "" : (p.startsWith("[") ? p : "." + p);
    }

    private static List<String> with(Problems problems, String line) {
        List<String> all = new ArrayList<>(problems.all());
        all.add(line);
        return all;
    }

    /**
     * The YAML parser's own reason and where it found it (its mark: lines and columns from 1), e.g. a tab where YAML
     * allows only spaces.
     */
    static String yamlProblem(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                var mark = m.getProblemMark();
                String reason = String.valueOf(m.getProblem()).replace("\t", "\\t").replace("\n", " ");
                String context = m.getContext() == null ? "" : " (" + m.getContext().replace("\n", " ") + ")";
                String tab = reason.contains("\\t") ? ": YAML indents with spaces only; replace the tab by spaces" : ": fix the syntax there";
                return "config: not valid YAML at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
                        + reason + context + tab;
            }
        }
        var loc = e.getLocation();
        return "config: not valid YAML" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                + ": " + String.valueOf(e.getOriginalMessage()).replace("\n", " ") + "; fix the syntax there";
    }

    /**
     * The config file and every file it references with {@code ${file:PATH}} (resolved as {@link #load} resolves
     * them): what a reload depends on.
     */
    public static java.util.Set<Path> watchedFiles(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        java.util.Set<Path> out = new java.util.LinkedHashSet<>();
        out.add(abs);
        try {
            Matcher m = REF.matcher(Files.readString(abs));
            while (m.find()) {
                String ref = m.group(1);
                if (ref.startsWith("file:")) out.add(abs.getParent().resolve(ref.substring(5)).toAbsolutePath().normalize());
            }
        } catch (IOException e) {
            // unreadable now: the file itself is still watched
        }
        return out;
    }

    static ObjectMapper mapper() {
        SimpleModule secrets = new SimpleModule();
        secrets.addDeserializer(Secret.class, new JsonDeserializer<>() {
            @Override
            public Secret deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (!p.currentToken().isScalarValue()) {
                    return (Secret) ctx.handleUnexpectedToken(Secret.class, p);
                }
                return Secret.ofUtf8(p.getValueAsString());
            }
        });
        return new ObjectMapper(new YAMLFactory())
                .registerModule(secrets)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** CHATPASS_SERVER_PORT=9090 sets server.port; each segment matches a key case-insensitively. */
    private void applyEnvOverrides(ObjectNode root, Problems problems) {
        Map<String, String> sorted = new TreeMap<>(env);
        for (var e : sorted.entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX) || LAUNCHER_VARIABLES.contains(e.getKey())) continue;
            List<String> segments = Arrays.asList(e.getKey().substring(ENV_PREFIX.length()).split("_"));
            Object shape = ConfigShape.topLevel(vendors);
            ObjectNode node = root;
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                Optional<Map.Entry<String, Object>> rc = component(shape, segments.get(i));
                if (rc.isEmpty()) {
                    problems.add(e.getKey(), "names no configuration key (no '" + segments.get(i).toLowerCase(Locale.ROOT)
                            + "' under '" + (keys.isEmpty() ? "the top level" : String.join(".", keys)) + "')",
                            "remove the variable or fix its name");
                    break;
                }
                String key = rc.get().getKey();
                Object child = rc.get().getValue();
                Class<?> childType = child instanceof Map ? null : raw(child);
                boolean section = child instanceof Map || childType.isRecord();
                keys.add(key);
                boolean last = i == segments.size() - 1;
                if (!last) {
                    if (!section) {
                        problems.add(e.getKey(), "goes below '" + String.join(".", keys) + "', which has no sub-keys",
                                "remove the extra part of the name");
                        break;
                    }
                    JsonNode existing = node.get(key);
                    node = existing instanceof ObjectNode o ? o : node.putObject(key);
                    shape = child;
                } else if (section) {
                    problems.add(e.getKey(), "names the section '" + String.join(".", keys) + "', not a value",
                            "name one of its keys, e.g. " + e.getKey() + "_...");
                } else if (List.class.isAssignableFrom(childType)) {
                    ArrayNode arr = node.putArray(key);
                    for (String part : e.getValue().split(",")) {
                        if (!part.isBlank()) arr.add(part.trim());
                    }
                } else {
                    node.put(key, e.getValue());
                }
            }
        }
    }

    private static Optional<Map.Entry<String, Object>> component(Object shape, String segment) {
        return ConfigShape.children(shape).entrySet().stream().filter(c -> c.getKey().equalsIgnoreCase(segment)).findFirst();
    }

    private static Class<?> raw(Object type) {
        return type instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private void resolveReferences(JsonNode node, String path, Path baseDir, Problems problems) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                var f = it.next();
                String key = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                if (f.getValue().isTextual()) {
                    resolveText(f.getValue().textValue(), key, baseDir, problems).ifPresent(v -> f.setValue(TextNode.valueOf(v)));
                } else {
                    resolveReferences(f.getValue(), key, baseDir, problems);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String key = path + "[" + i + "]";
                if (a.get(i).isTextual()) {
                    int idx = i;
                    resolveText(a.get(i).textValue(), key, baseDir, problems).ifPresent(v -> a.set(idx, TextNode.valueOf(v)));
                } else {
                    resolveReferences(a.get(i), key, baseDir, problems);
                }
            }
        }
    }

    private Optional<String> resolveText(String text, String key, Path baseDir, Problems problems) {
        Matcher m = REF.matcher(text);
        if (!m.find()) return Optional.empty();
        m.reset();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String value;
            if (ref.startsWith("credential:")) {
                String dir = env.get(CREDENTIALS_DIRECTORY);
                String name = ref.substring("credential:".length());
                if (dir == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
                    problems.add(key, "refers to the credential '" + name + "', but " + (dir == null
                            ? "CREDENTIALS_DIRECTORY is not set" : "that is not a plain file name"),
                            "run under systemd with LoadCredential=" + name + ":/path/to/file, or use ${file:PATH}");
                    return Optional.empty();
                }
                try {
                    value = Files.readString(Path.of(dir, name)).strip();
                } catch (IOException e) {
                    problems.add(key, "refers to the credential " + name + ", which cannot be read in " + dir, "check LoadCredential=");
                    return Optional.empty();
                }
            } else if (ref.startsWith("file:")) {
                Path file = baseDir == null ? Path.of(ref.substring(5)) : baseDir.resolve(ref.substring(5));
                try {
                    value = Files.readString(file).strip();
                } catch (IOException e) {
                    problems.add(key, "refers to the file " + file + ", which cannot be read", "create it or fix the path");
                    return Optional.empty();
                }
            } else {
                value = env.get(ref);
                if (value == null) {
                    problems.add(key, "refers to the environment variable " + ref + ", which is not set",
                            "export " + ref + " before starting, or put the value in the file");
                    return Optional.empty();
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(r.getFieldName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "config" : sb.toString();
    }

    private static String describe(Class<?> t) {
        if (t == null) return "another type";
        if (Number.class.isAssignableFrom(t) || t == int.class || t == long.class) return "a number";
        if (t == Boolean.class || t == boolean.class) return "true or false";
        if (List.class.isAssignableFrom(t)) return "a list";
        if (t.isRecord()) return "a mapping of keys";
        return "a text value";
    }
}

package io.chatpass.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.chatpass.core.Secret;
import io.chatpass.core.users.AuditEntry;
import io.chatpass.core.users.SiteUserGate;
import io.chatpass.core.users.SiteUserRecord;
import io.chatpass.core.users.SiteUsers;
import io.chatpass.core.users.UserAdministration;
import io.chatpass.server.config.AdminConfig;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.web.Json;
import io.chatpass.server.web.RecentErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the admin API and the console show and do, in one place: users, their vendor identities, block, export and
 * erase (each audited under the operator's name), the audit log, the vendors' state, the running configuration
 * with every secret masked.
 */
public final class AdminOperations {
    /** A vendor as operators see it: configured or not, and its state where Chatpass calls it. */
    public interface VendorSource {
        List<Map<String, Object>> vendors();
    }

    /**
     * The configuration as operators may see it: every secret as ***, and the admin section without the operators'
     * token hashes (a hash of a weak token can be guessed offline; the names are enough to see who may sign in).
     */
    private static final ObjectMapper MASKED = Json.MAPPER.copy().registerModule(new SimpleModule().addSerializer(Secret.class,
            new JsonSerializer<>() {
                @Override
                public void serialize(Secret s, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString("***");
                }
            }).addSerializer(AdminConfig.class, new JsonSerializer<>() {
                @Override
                public void serialize(AdminConfig a, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeStartObject();
                    g.writeArrayFieldStart("operators");
                    for (String name : a.operators().keySet()) g.writeString(name);
                    g.writeEndArray();
                    g.writeNumberField("sessionIdleMinutes", a.sessionIdleMinutes());
                    g.writeNumberField("sessionMaxHours", a.sessionMaxHours());
                    g.writeStringField("timeZone", a.timeZone());
                    g.writeEndObject();
                }
            }));

    private final SiteUsers users;
    private final SiteUserGate gate;
    private final UserAdministration admin;
    private final Supplier<ChatpassConfig> config;
    private final VendorSource vendors;
    private final Map<String, String> vendorNames;

    /** @param vendorNames each vendor's name as people write it, by id (the console shows these) */
    public AdminOperations(SiteUsers users, SiteUserGate gate, UserAdministration admin, Supplier<ChatpassConfig> config, VendorSource vendors,
                     Map<String, String> vendorNames) {
        this.vendorNames = Map.copyOf(vendorNames);
        this.users = users;
        this.gate = gate;
        this.admin = admin;
        this.config = config;
        this.vendors = vendors;
    }

    public UserAdministration.Page<SiteUserRecord> search(String q, int page, int size) {
        gate.flush(); // sightings are written behind requests: list every one this process has accepted
        return admin.search(q, page, size);
    }

    /** How many users a search finds, over all pages. */
    public long count(String q) {
        return admin.count(q);
    }

    public UserAdministration.Overview overview() {
        gate.flush();
        return admin.overview();
    }

    /** The console's default time zone (admin.timeZone). */
    public java.time.ZoneId defaultZone() {
        return java.time.ZoneId.of(config.get().admin().timeZone());
    }

    public Optional<Map<String, Object>> user(String id) {
        gate.flush();
        return users.find(id).map(u -> {
            Map<String, Object> m = UserAdministration.profile(u);
            m.put("identities", admin.identities(id));
            return m;
        });
    }

    public void block(String id, String reason, String operator) {
        users.block(id, reason, operator);
        gate.refresh();
    }

    public boolean unblock(String id, String operator) {
        boolean done = users.unblock(id, operator);
        gate.refresh();
        return done;
    }

    public Optional<Map<String, Object>> export(String id, String operator) {
        gate.flush();
        Optional<Map<String, Object>> out = admin.export(id);
        if (out.isPresent()) admin.record(operator, "user.export", id, null);
        return out;
    }

    public boolean erase(String id, String operator) {
        gate.flush(); // a sighting waiting to be written must not bring the row back after the erase
        boolean done = admin.erase(id, operator);
        gate.refresh();
        return done;
    }

    public UserAdministration.Page<AuditEntry> audit(UserAdministration.AuditFilter f, int page, int size) {
        return admin.audit(f, page, size);
    }

    public void record(String operator, String action, String subject) {
        admin.record(operator, action, subject, null);
    }

    public List<Map<String, Object>> vendors() {
        return vendors.vendors();
    }

    public Map<String, String> vendorNames() {
        return vendorNames;
    }

    /** The running configuration as JSON text, every secret shown as ***. */
    public String maskedConfig() {
        try {
            ChatpassConfig c = config.get();
            com.fasterxml.jackson.databind.node.ObjectNode tree = MASKED.valueToTree(c);
            tree.remove("vendors");
            // each vendor's section where it sits in the file (one key, or under its group)
            c.vendors().forEach((section, settings) -> {
                String[] keys = section.split("\\.");
                com.fasterxml.jackson.databind.node.ObjectNode at = tree;
                for (int i = 0; i < keys.length - 1; i++) {
                    at = at.has(keys[i]) ? (com.fasterxml.jackson.databind.node.ObjectNode) at.get(keys[i]) : at.putObject(keys[i]);
                }
                at.set(keys[keys.length - 1], MASKED.valueToTree(settings));
            });
            return MASKED.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }


    /** Upstream calls of one meter by outcome, summed over this process's lifetime. */
    public static Map<String, Long> callsByOutcome(MeterRegistry registry, String meter) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Counter c : registry.find(meter).counters()) {
            out.merge(String.valueOf(c.getId().getTag("outcome")), (long) c.count(), Long::sum);
        }
        return out;
    }

    /** One vendor row. */
    public static Map<String, Object> vendor(String name, boolean configured, String breaker, Map<String, Long> calls,
                                             RecentErrors errors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vendor", name);
        m.put("configured", configured);
        m.put("breaker", breaker);
        m.put("upstreamCalls", calls);
        List<Map<String, Object>> last = new ArrayList<>();
        for (RecentErrors.Entry e : errors.of(name)) {
            last.add(Map.of("at", e.at(), "kind", e.kind(), "message", e.message()));
        }
        m.put("lastErrors", last);
        return m;
    }
}

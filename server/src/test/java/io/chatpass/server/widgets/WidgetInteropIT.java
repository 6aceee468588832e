package io.chatpass.server.widgets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatpass.server.vendors.hubspot.HubSpotStandIn;
import io.chatpass.server.support.Node;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every vendor's answer checked by an independent checker on Node (node:crypto and jose, src/test/node/
 * verify-widgets.mjs) under the vendor's own rule, for users with mixed-case emails and names outside ASCII.
 */
class WidgetInteropIT {
    /** id, email, name: case kept, accents, CJK, Cyrillic, a non-ASCII local part. */
    static final List<String[]> USERS = List.of(
            new String[] {"Ann-1", "Ann.Lee@Example.COM", "Ann Lée"},
            new String[] {"zoë:42", "ZOE@Example.org", "Zoë 李小龍"},
            new String[] {"bo", "José.Martí@Example.org", "Бо Ди"});

    static Map<String, String> secrets() {
        return Map.ofEntries(Map.entry("intercom", WidgetFixtures.INTERCOM), Map.entry("crisp", WidgetFixtures.CRISP_VERIFY),
                Map.entry("tawkto", WidgetFixtures.TAWKTO), Map.entry("helpscout", WidgetFixtures.HELPSCOUT),
                Map.entry("chatwoot", WidgetFixtures.CHATWOOT), Map.entry("front", WidgetFixtures.FRONT), Map.entry("drift", WidgetFixtures.DRIFT),
                Map.entry("hubspot", ""), Map.entry("salesforce", ""), Map.entry("dynamics365", ""),
                Map.entry("kustomer", WidgetFixtures.KUSTOMER), Map.entry("featurebase", WidgetFixtures.FEATUREBASE));
    }

    static void collect(TestServer server, String intercomMode, ArrayNode cases) throws Exception {
        for (String[] u : USERS) {
            String login = WidgetFixtures.login(u[0], u[1], u[2]);
            for (String vendor : WidgetFixtures.VENDORS) {
                if (intercomMode.equals("hmac") && !vendor.equals("intercom")) continue;
                var r = server.send(server.request("/v1/" + vendor + "/identity").header("Authorization", "Bearer " + login));
                assertThat(r.statusCode()).as(vendor + " " + r.body()).isEqualTo(200);
                ObjectNode c = cases.addObject();
                c.put("vendor", vendor).put("secret", secrets().get(vendor)).set("answer", Json.MAPPER.readTree(r.body()));
                if (vendor.equals("intercom")) c.put("mode", intercomMode).put("lifetimeSeconds", 3600);
                if (vendor.equals("drift") || vendor.equals("kustomer")) c.put("lifetimeSeconds", 900);
                if (vendor.equals("featurebase")) c.put("lifetimeSeconds", 1800);
                String base = "http://127.0.0.1:" + server.app().port();
                if (vendor.equals("salesforce")) {
                    c.put("issuer", WidgetFixtures.SALESFORCE_ISSUER).put("algorithm", "RS512").put("lifetimeSeconds", 600)
                            .put("jwksUrl", base + "/.well-known/jwks.json");
                }
                if (vendor.equals("dynamics365")) {
                    c.put("issuer", WidgetFixtures.DYNAMICS_ISSUER).put("publicKeyUrl", base + "/v1/dynamics365/public-key");
                    c.putObject("context").put("portal_user", "id").put("emailaddress1", "email").put("fullname", "name");
                }
                c.putObject("expect").put("id", u[0]).put("email", u[1]).put("name", u[2]);
            }
        }
    }

    @Test
    void everyAnswerVerifiesUnderItsVendorsRule(@TempDir Path dir1, @TempDir Path dir2) throws Exception {
        Node.ensureModules();
        ObjectNode input = Json.MAPPER.createObjectNode();
        ArrayNode cases = input.putArray("cases");
        StringBuilder out = new StringBuilder();
        boolean ok;
        try (HubSpotStandIn hubspot = new HubSpotStandIn(WidgetFixtures.HUBSPOT_APP_TOKEN);
             TestServer server = TestServer.start(dir1, WidgetFixtures.yaml("jwt", hubspot.apiRoot()))) {
            collect(server, "jwt", cases);
            collect(server, "jwt", cases); // a second round: Crisp's token_id must be the same per user
            try (TestServer hmac = TestServer.start(dir2, WidgetFixtures.yaml("hmac", null))) {
                collect(hmac, "hmac", cases);
            }
            // checked while the server runs: Salesforce's and Dynamics 365's checks fetch its published keys
            ok = Node.check("verify-widgets.mjs", Json.write(input), out);
        }
        assertThat(out.toString()).as(out.toString()).doesNotContain("FAIL");
        assertThat(out.toString().lines().filter(l -> l.endsWith(" ok")).count()).isEqualTo(cases.size()).isEqualTo(75);
        assertThat(ok).isTrue();
    }

    @Test
    void theCheckerRefusesASignatureOverTheLowerCasedEmail() throws Exception {
        Node.ensureModules();
        // What a normalising implementation would send: the checker must tell it apart (so it can fail).
        String email = "Ann.Lee@Example.COM";
        String lowered = io.chatpass.core.identity.Hmacs.hex(io.chatpass.core.identity.Hmacs.key(io.chatpass.core.Secret.ofUtf8(WidgetFixtures.FRONT)),
                email.toLowerCase(java.util.Locale.ROOT));
        ObjectNode input = Json.MAPPER.createObjectNode();
        ObjectNode c = input.putArray("cases").addObject();
        c.put("vendor", "front").put("secret", WidgetFixtures.FRONT);
        c.putObject("answer").put("email", email).put("name", "Ann").put("userHash", lowered);
        c.putObject("expect").put("id", "Ann-1").put("email", email).put("name", "Ann");
        StringBuilder out = new StringBuilder();
        assertThat(Node.check("verify-widgets.mjs", Json.write(input), out)).isFalse();
        assertThat(out.toString()).contains("FAIL userHash");
    }
}

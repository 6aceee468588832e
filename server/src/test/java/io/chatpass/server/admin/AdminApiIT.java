package io.chatpass.server.admin;

import io.chatpass.server.support.Logins;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.core.store.Stores;
import io.chatpass.server.vendors.hubspot.HubSpotStandIn;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin API with named operator tokens: search, show, block, export, erase, audit, vendors, configuration. */
class AdminApiIT {
    static final String LOGIN_SECRET = "login-secret-for-admin-tests-00000000000";
    static final String HUBSPOT_TOKEN = "pat-na1-admin-test-private-app-token";

    static String login(String sub, String email, String name) {
        return Logins.of(LOGIN_SECRET, sub).email(email).name(name).token();
    }

    static String extra(String hubspotRoot) {
        return """
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: %s, projectId: p1}
                widgets:
                  hubspot: {apiRoot: "%s", privateAppToken: %s}
                """.formatted(LOGIN_SECRET, hubspotRoot, HUBSPOT_TOKEN);
    }

    /** A server on SQLite (the test folder) or on a fresh PostgreSQL database. */
    static TestServer start(Path dir, String store, String hubspotRoot) throws Exception {
        String text = TestServer.configText(dir, 0, extra(hubspotRoot));
        Files.writeString(dir.resolve("keyset.json"), io.chatpass.core.crypto.SecretBox.generateKeyset());
        if (store.equals("postgres")) {
            StoreSettings pg = Stores.postgres();
            text = text.replaceFirst("  sqlitePath: .*\n", "  jdbcUrl: \"" + pg.jdbcUrl() + "\"\n  username: postgres\n");
        }
        Files.writeString(dir.resolve("chatpass.yml"), text);
        return TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(dir.resolve("chatpass.yml")));
    }

    static HttpResponse<String> admin(TestServer s, String token, String method, String path, String json) {
        var r = s.request(path).header("Authorization", "Bearer " + token);
        if (json != null) r.header("Content-Type", "application/json");
        return s.send(r.method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json)));
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void eachChangeIsAuditedUnderTheNameOfTheOperatorWhoseTokenWasUsed(@TempDir Path dir) throws Exception {
        try (HubSpotStandIn hs = new HubSpotStandIn(HUBSPOT_TOKEN); TestServer s = start(dir, "sqlite", hs.apiRoot())) {
            assertThat(admin(s, TestServer.ALICE_TOKEN, "POST", "/admin/v1/users/u1/block", "{\"reason\":\"spam\"}").statusCode()).isEqualTo(204);
            assertThat(admin(s, TestServer.BOB_TOKEN, "POST", "/admin/v1/users/u1/unblock", "{}").statusCode()).isEqualTo(204);
            assertThat(admin(s, TestServer.ADMIN_TOKEN, "POST", "/admin/v1/users/u1/block", "{}").statusCode()).isEqualTo(204);
            assertThat(admin(s, "not-a-token", "GET", "/admin/v1/users", null).statusCode()).isEqualTo(401);
            JsonNode audit = json(admin(s, TestServer.BOB_TOKEN, "GET", "/admin/v1/audit?user=u1", null));
            assertThat(audit.get("entries").findValuesAsText("actor")).containsExactly("admin", "bob", "alice");
            assertThat(audit.get("entries").findValuesAsText("action")).containsExactly("user.block", "user.unblock", "user.block");
            assertThat(json(admin(s, TestServer.BOB_TOKEN, "GET", "/admin/v1/audit?operator=alice", null)).get("entries")).hasSize(1);
            assertThat(admin(s, TestServer.BOB_TOKEN, "GET", "/admin/v1/audit?from=yesterday", null).statusCode()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void exportHoldsEverythingButSecretsAndEraseLeavesNoRowNamingTheUser(String store, @TempDir Path dir) throws Exception {
        try (HubSpotStandIn hs = new HubSpotStandIn(HUBSPOT_TOKEN); TestServer s = start(dir, store, hs.apiRoot())) {
            String token = login("gdpr-1", "Gdpr.Person@Example.com", "Gertrud Datenschutz");
            assertThat(s.send(s.request("/v1/me").header("Cookie", "token=" + token)).statusCode()).isEqualTo(200);
            HttpResponse<String> hubspot = s.send(s.request("/v1/hubspot/identity").header("Cookie", "token=" + token));
            String hubspotToken = json(hubspot).get("identificationToken").asText();
            s.send(s.request("/v1/me").header("Cookie", "token=" + login("other", "other@example.com", "Other")));
            admin(s, TestServer.ALICE_TOKEN, "POST", "/admin/v1/users/gdpr-1/block", "{\"reason\":\"asked by Gdpr.Person@Example.com\"}");

            JsonNode found = json(admin(s, TestServer.ALICE_TOKEN, "GET", "/admin/v1/users?q=gdpr.person", null));
            assertThat(found.get("users").findValuesAsText("id")).containsExactly("gdpr-1");

            HttpResponse<String> export = admin(s, TestServer.ALICE_TOKEN, "GET", "/admin/v1/users/gdpr-1/export", null);
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
            JsonNode e = json(export);
            assertThat(e.get("profile").get("email").asText()).isEqualTo("Gdpr.Person@Example.com");
            assertThat(e.get("identities").findValuesAsText("vendor")).containsExactly("hubspot");
            assertThat(e.get("audit").findValuesAsText("action")).contains("user.block");
            assertThat(export.body()).doesNotContain(hubspotToken).doesNotContain(HUBSPOT_TOKEN).doesNotContain("sealed");

            assertThat(admin(s, TestServer.BOB_TOKEN, "DELETE", "/admin/v1/users/gdpr-1", null).statusCode()).isEqualTo(204);
            assertThat(admin(s, TestServer.BOB_TOKEN, "GET", "/admin/v1/users/gdpr-1", null).statusCode()).isEqualTo(404);
            assertThat(admin(s, TestServer.BOB_TOKEN, "DELETE", "/admin/v1/users/gdpr-1", null).statusCode()).isEqualTo(404);
            assertThat(admin(s, TestServer.BOB_TOKEN, "GET", "/admin/v1/users/gdpr-1/export", null).statusCode()).isEqualTo(404);
            JsonNode erased = json(admin(s, TestServer.BOB_TOKEN, "GET", "/admin/v1/audit?action=user.erase", null));
            assertThat(erased.get("entries").findValuesAsText("actor")).containsExactly("bob");
            assertThat(erased.get("entries").get(0).get("subject").asText()).startsWith("erased:");

            StoreSettings settings = s.app().config().store().settings();
            try (Database db = Database.open(settings)) {
                List<String> all = Stores.everyValue(db.dataSource());
                assertThat(all).noneMatch(v -> v.contains("gdpr-1") || v.contains("Gdpr.Person@Example.com") || v.contains("Gertrud"));
                assertThat(all).anyMatch(v -> v.contains("other@example.com"));
            }
        }
    }

    @Test
    void vendorsAndConfigurationShowStateButNeverASecret(@TempDir Path dir) throws Exception {
        try (HubSpotStandIn hs = new HubSpotStandIn(HUBSPOT_TOKEN); TestServer s = start(dir, "sqlite", hs.apiRoot())) {
            hs.always = HubSpotStandIn.Fault.SERVER_ERROR;
            s.send(s.request("/v1/hubspot/identity").header("Cookie", "token=" + login("v1", "v1@example.com", "V")));
            JsonNode vendors = json(admin(s, TestServer.ALICE_TOKEN, "GET", "/admin/v1/vendors", null)).get("vendors");
            assertThat(vendors.findValuesAsText("vendor")).containsExactly("livechat", "zendesk", "intercom", "crisp", "tawkto",
                    "helpscout", "chatwoot", "front", "drift", "hubspot", "salesforce", "dynamics365", "kustomer", "featurebase");
            JsonNode hubspot = vendors.get(9);
            assertThat(hubspot.get("configured").asBoolean()).isTrue();
            assertThat(hubspot.get("upstreamCalls").get("unavailable").asLong()).isEqualTo(1);
            assertThat(hubspot.get("lastErrors").get(0).get("kind").asText()).contains("UNAVAILABLE");
            assertThat(vendors.get(2).get("configured").asBoolean()).isFalse();

            String config = admin(s, TestServer.ALICE_TOKEN, "GET", "/admin/v1/config", null).body();
            String keyset = Files.readString(dir.resolve("keyset.json"));
            assertThat(config).contains("\"privateAppToken\" : \"***\"").contains("\"encryptionKeyset\" : \"***\"")
                    .doesNotContain(HUBSPOT_TOKEN).doesNotContain(LOGIN_SECRET).doesNotContain(keyset.substring(keyset.indexOf("value") + 8, keyset.indexOf("value") + 40));
        }
    }
}

package io.chatpass.server.widgets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.server.vendors.hubspot.HubSpotStandIn;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /v1/V/identity for the eight vendors over HTTP: the answers, the problems, and HubSpot's failures. */
class WidgetRoutesIT {
    @TempDir
    static Path dir;
    static HubSpotStandIn hubspot;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        hubspot = new HubSpotStandIn(WidgetFixtures.HUBSPOT_APP_TOKEN);
        server = TestServer.start(dir, WidgetFixtures.yaml("jwt", hubspot.apiRoot()));
    }

    @AfterAll
    static void stop() {
        server.close();
        hubspot.close();
    }

    static HttpResponse<String> get(String path, String login) throws Exception {
        var r = server.request(path);
        if (login != null) r.header("Cookie", "token=" + login);
        return server.send(r);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void eachVendorAnswersExactlyItsFieldsFromTheVerifiedLogin() throws Exception {
        String login = WidgetFixtures.login("Ann-1", "Ann@Example.COM", "Ann Lée");
        var expected = java.util.Map.ofEntries(
                java.util.Map.entry("intercom", List.of("intercom_user_jwt", "expires_at")),
                java.util.Map.entry("crisp", List.of("email", "signature", "nickname", "token_id")),
                java.util.Map.entry("tawkto", List.of("userId", "name", "email", "hash")),
                java.util.Map.entry("helpscout", List.of("name", "email", "signature")),
                java.util.Map.entry("chatwoot", List.of("identifier", "name", "email", "identifier_hash")),
                java.util.Map.entry("front", List.of("email", "name", "userHash")),
                java.util.Map.entry("drift", List.of("userId", "email", "name", "userJwt")),
                java.util.Map.entry("hubspot", List.of("identificationEmail", "identificationToken")),
                java.util.Map.entry("salesforce", List.of("identityTokenType", "identityToken", "expiresAt")),
                java.util.Map.entry("dynamics365", List.of("token", "expiresAt")),
                java.util.Map.entry("kustomer", List.of("jwtToken", "externalId", "email", "expiresAt")),
                java.util.Map.entry("featurebase", List.of("featurebaseJwt", "expiresAt")));
        for (String vendor : WidgetFixtures.VENDORS) {
            // request parameters that try to choose the identity are ignored
            HttpResponse<String> r = get("/v1/" + vendor + "/identity?email=evil@example.com&userId=admin&user_id=admin", login);
            assertThat(r.statusCode()).as(vendor + ": " + r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).as(vendor).hasValue("no-store");
            assertThat(keys(json(r))).as(vendor).containsExactlyElementsOf(expected.get(vendor));
            assertThat(r.body()).as(vendor).doesNotContain("evil").doesNotContain("admin");
        }
        assertThat(json(get("/v1/tawkto/identity", login)).get("userId").asText()).isEqualTo("Ann-1");
        assertThat(json(get("/v1/front/identity", login)).get("email").asText()).isEqualTo("Ann@Example.COM");
    }

    @Test
    void problemsAreTheZendeskRoutesOnes() throws Exception {
        for (String vendor : WidgetFixtures.VENDORS) {
            HttpResponse<String> none = get("/v1/" + vendor + "/identity", null);
            assertThat(none.statusCode()).as(vendor).isEqualTo(401);
            assertThat(none.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        String noEmail = WidgetFixtures.login("no-mail", null, "Nomail");
        for (String vendor : List.of("crisp", "helpscout", "front", "hubspot")) {
            HttpResponse<String> r = get("/v1/" + vendor + "/identity", noEmail);
            assertThat(r.statusCode()).as(vendor).isEqualTo(422);
            assertThat(json(r).get("code").asText()).isEqualTo("login_claim_missing");
        }
        assertThat(get("/v1/chatwoot/identity", noEmail).statusCode()).isEqualTo(200);
    }

    @Test
    void anEmailTheLoginDidNotVerifyIsNeverVouchedFor() throws Exception {
        int hubspotCalls = hubspot.calls.get();
        for (Boolean claim : new Boolean[] {Boolean.FALSE, null}) {
            String victim = "victim" + claim + "@example.com";
            String login = WidgetFixtures.login("mallory-" + claim, victim, null, claim);
            // the vendors that sign the email or key the conversation on it refuse, and sign or create nothing
            for (String vendor : List.of("crisp", "helpscout", "front", "hubspot")) {
                HttpResponse<String> r = get("/v1/" + vendor + "/identity", login);
                assertThat(r.statusCode()).as(vendor + " with email_verified " + claim).isEqualTo(422);
                assertThat(json(r).get("code").asText()).as(vendor).isEqualTo("login_email_unverified");
                assertThat(r.body()).as(vendor).doesNotContain(victim);
            }
            // the vendors for which the email is an optional attribute get the identity without it (nor as a name)
            for (String vendor : List.of("intercom", "tawkto", "chatwoot", "drift", "salesforce", "dynamics365", "kustomer", "featurebase")) {
                HttpResponse<String> r = get("/v1/" + vendor + "/identity", login);
                assertThat(r.statusCode()).as(vendor + ": " + r.body()).isEqualTo(200);
                JsonNode body = json(r);
                assertThat(body.has("email")).as(vendor).isFalse();
                assertThat(body.has("name")).as(vendor + ": no name, and the unverified email is not one").isFalse();
                for (JsonNode v : body) {
                    if (v.isTextual() && v.asText().chars().filter(c -> c == '.').count() == 2) { // a JWT: read its claims
                        String claims = new String(java.util.Base64.getUrlDecoder().decode(v.asText().split("\\.")[1]),
                                java.nio.charset.StandardCharsets.UTF_8);
                        assertThat(claims).as(vendor + " token claims").doesNotContain(victim).doesNotContain("email");
                    }
                }
                assertThat(r.body()).as(vendor).doesNotContain(victim);
            }
        }
        assertThat(hubspot.calls.get()).as("no HubSpot visitor token created for an unverified email").isEqualTo(hubspotCalls);
        // the same login with the email verified is vouched for
        String verified = WidgetFixtures.login("mallory-ok", "mallory@example.com", null, true);
        assertThat(json(get("/v1/helpscout/identity", verified)).get("email").asText()).isEqualTo("mallory@example.com");
        assertThat(json(get("/v1/tawkto/identity", verified)).get("name").asText()).as("a verified email stands in for the name")
                .isEqualTo("mallory@example.com");
    }

    @Test
    void aLoginConfiguredToIssueOnlyVerifiedEmailsIsVouchedForUnlessItsTokenSaysFalse(@TempDir Path other) throws Exception {
        try (TestServer trusting = TestServer.start(other, WidgetFixtures.yaml("jwt", null)
                .replace("projectId: p1}", "projectId: p1, emailsVerified: true}"))) {
            var silent = trusting.send(trusting.request("/v1/front/identity")
                    .header("Cookie", "token=" + WidgetFixtures.login("t1", "t1@example.com", null, null)));
            assertThat(silent.statusCode()).as(silent.body()).isEqualTo(200);
            assertThat(json(silent).get("email").asText()).isEqualTo("t1@example.com");
            var saysFalse = trusting.send(trusting.request("/v1/front/identity")
                    .header("Cookie", "token=" + WidgetFixtures.login("t2", "t2@example.com", null, false)));
            assertThat(saysFalse.statusCode()).isEqualTo(422);
            assertThat(json(saysFalse).get("code").asText()).isEqualTo("login_email_unverified");
        }
    }

    @Test
    void aVendorWithoutConfigurationIs404VendorNotConfigured(@TempDir Path other) throws Exception {
        try (TestServer bare = TestServer.start(other, """
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: %s, projectId: p1}
                """.formatted(WidgetFixtures.LOGIN_SECRET))) {
            for (String vendor : WidgetFixtures.VENDORS) {
                HttpResponse<String> r = bare.send(bare.request("/v1/" + vendor + "/identity")
                        .header("Cookie", "token=" + WidgetFixtures.login("u", "u@example.com", null)));
                assertThat(r.statusCode()).as(vendor).isEqualTo(404);
                assertThat(json(r).get("code").asText()).isEqualTo("vendor_not_configured");
            }
        }
    }

    @Test
    void hubspotDownIs503WithRetryAfterAndRefusingIs502ButCachedUsersAreServed() throws Exception {
        String cachedLogin = WidgetFixtures.login("hs-cached", "cached@example.com", null);
        assertThat(get("/v1/hubspot/identity", cachedLogin).statusCode()).isEqualTo(200);
        int calls = hubspot.calls.get();
        try {
            hubspot.always = HubSpotStandIn.Fault.SERVER_ERROR;
            HttpResponse<String> down = get("/v1/hubspot/identity", WidgetFixtures.login("hs-new", "new@example.com", null));
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(down).get("code").asText()).isEqualTo("upstream_unavailable");
            assertThat(get("/v1/hubspot/identity", cachedLogin).statusCode()).as("cached, not asked again").isEqualTo(200);

            hubspot.always = HubSpotStandIn.Fault.FORBIDDEN;
            HttpResponse<String> refused = get("/v1/hubspot/identity", WidgetFixtures.login("hs-new2", "n2@example.com", null));
            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(json(refused).get("code").asText()).isEqualTo("upstream_rejected");
            assertThat(refused.body()).doesNotContain(WidgetFixtures.HUBSPOT_APP_TOKEN);
        } finally {
            hubspot.always = null;
        }
        assertThat(hubspot.calls.get() - calls).isEqualTo(2);
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("chatpass_hubspot_calls_total{outcome=\"unavailable\"}")
                .contains("chatpass_hubspot_calls_total{outcome=\"rejected\"}").contains("chatpass_hubspot_calls_total{outcome=\"ok\"}");
    }

    @Test
    void aReloadSwapsWidgetSecretsWithoutARestart(@TempDir Path other) throws Exception {
        java.nio.file.Path config = TestServer.writeConfig(other, 0, WidgetFixtures.yaml("jwt", null));
        io.chatpass.server.config.ConfigLoader loader = new io.chatpass.server.config.ConfigLoader(java.util.Map.of(), io.chatpass.server.vendors.VendorRegistry.sections());
        try (TestServer s = TestServer.start(loader.load(config));
             var reloader = io.chatpass.server.config.ConfigReloader.start(config, loader, s.app()::reload)) {
            String login = WidgetFixtures.login("re-1", "re@example.com", null);
            String newSecret = "tawkto-property-key-ROTATED-000000";
            String before = json(s.send(s.request("/v1/tawkto/identity").header("Cookie", "token=" + login))).get("hash").asText();
            assertThat(before).isEqualTo(io.chatpass.core.identity.Hmacs.hex(io.chatpass.core.identity.Hmacs.key(
                    io.chatpass.core.Secret.ofUtf8(WidgetFixtures.TAWKTO)), "re-1"));
            java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config).replace(WidgetFixtures.TAWKTO, newSecret));
            assertThat(reloader.reload()).isTrue();
            String after = json(s.send(s.request("/v1/tawkto/identity").header("Cookie", "token=" + login))).get("hash").asText();
            assertThat(after).isEqualTo(io.chatpass.core.identity.Hmacs.hex(io.chatpass.core.identity.Hmacs.key(
                    io.chatpass.core.Secret.ofUtf8(newSecret)), "re-1"));
        }
    }

    @Test
    void glueScriptsAreServedWithThePrelude() throws Exception {
        for (String vendor : WidgetFixtures.VENDORS) {
            HttpResponse<String> r = get("/v1/widget/" + vendor + ".js", null);
            assertThat(r.statusCode()).as(vendor).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/javascript");
            assertThat(r.body()).contains("Chatpass.setLoginToken").contains("/v1/' + vendor + '/identity").contains("'" + vendor + "'");
        }
    }
}

package io.chatpass.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chatpass.server.support.TestServer;
import io.javalin.http.HandlerType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiIT {
    private static final Set<String> NOT_ROUTES = Set.of("BEFORE", "AFTER", "BEFORE_MATCHED", "AFTER_MATCHED", "INVALID");

    @Test
    void everyRegisteredRouteIsDocumented(@TempDir Path dir) throws Exception {
        // Every optional feature switched on, so every route is registered.
        String secret = "a-secret-of-at-least-thirty-two-bytes-000";
        String features = """
                login:
                  verifiers: [{name: x, preset: hmac, secret: %s}]
                zendesk:
                  chat: {secret: %s}
                  messaging: {keys: [{id: k1, secret: %s, active: true}]}
                  visitors: {apiRoot: "http://127.0.0.1:9/api/v2", oauthToken: t}
                livechat: {clientId: c, organizationId: o, redirectUri: "https://shop.example.com/"}
                sandbox: {enabled: true, loginSecret: %s}
                """.formatted(secret, secret, secret, secret);
        try (TestServer server = TestServer.startSandbox(dir, features)) {
            var r = server.get("/openapi.yaml");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(r.body());
            assertThat(doc.get("openapi").asText()).startsWith("3.1");
            JsonNode paths = doc.get("paths");
            var endpoints = server.app().javalin().unsafe.internalRouter.allHttpHandlers();
            assertThat(endpoints).isNotEmpty();
            for (var e : endpoints) {
                HandlerType method = e.endpoint.method;
                if (NOT_ROUTES.contains(method.name()) || method.name().equals("OPTIONS")) continue;
                if (e.endpoint.path.startsWith("/sandbox/") || e.endpoint.path.startsWith("/demo") || e.endpoint.path.equals("/")) continue;
                // The admin console's HTML pages are for people, not an API (AdminConsoleIT drives them).
                if (e.endpoint.path.startsWith("/admin/") && !e.endpoint.path.startsWith("/admin/v1/")) continue;
                assertThat(paths.has(e.endpoint.path)).as("openapi.yaml documents %s", e.endpoint.path).isTrue();
                assertThat(paths.get(e.endpoint.path).has(method.name().toLowerCase(Locale.ROOT)))
                        .as("openapi.yaml documents %s %s", method.name(), e.endpoint.path).isTrue();
            }
        }
    }
}

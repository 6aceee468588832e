package io.chatpass.server.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatpass.core.Secret;
import io.chatpass.core.login.SiteUser;
import io.chatpass.server.vendors.zendesk.ZendeskMessagingMinter;
import io.chatpass.server.support.Node;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens from both routes checked by independent implementations on Node (jose and jsonwebtoken, from the npm
 * registry) under Zendesk's rules. The Node side is in src/test/node (see {@link Node}).
 */
class ZendeskInteropIT {
    @Test
    void tokensFromBothRoutesVerifyUnderZendeskRules(@TempDir Path dir) throws Exception {
        Node.ensureModules();
        ObjectNode input = Json.MAPPER.createObjectNode();
        ArrayNode cases = input.putArray("cases");
        try (TestServer server = TestServer.start(dir, ZendeskRoutesIT.yaml("key-2", null))) {
            for (String product : new String[] {"chat", "messaging"}) {
                for (int i = 0; i < 2; i++) {
                    String token = server.send(server.request("/v1/zendesk/" + product + "/jwt")
                            .header("Cookie", "token=" + ZendeskRoutesIT.login("zoe"))).body();
                    ObjectNode c = cases.addObject();
                    c.put("product", product).put("token", token)
                            .put("secret", product.equals("chat") ? ZendeskRoutesIT.CHAT_SECRET : ZendeskRoutesIT.KEY2);
                    ObjectNode expect = c.putObject("expect");
                    expect.put("external_id", "zoe").put("email", "zoe@example.com").put("name", "User zoe");
                    if (product.equals("messaging")) expect.put("email_verified", true);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        boolean ok = Node.check("verify-zendesk.mjs", Json.write(input), out);
        assertThat(out.toString()).as(out.toString()).doesNotContain("FAIL");
        assertThat(out.toString().lines().filter(l -> l.endsWith(" ok")).count()).isEqualTo(4);
        assertThat(ok).isTrue();
    }

    @Test
    void theNodeCheckerRefusesAChatTokenLivingOverSevenMinutes() throws Exception {
        Node.ensureModules();
        // Messaging allows long lifetimes; presented as a Chat token, the checker must refuse it (it can fail).
        String secret = "zendesk-messaging-key-two-0123456789abcdef";
        var minter = new ZendeskMessagingMinter("k", Secret.ofUtf8(secret), Duration.ofMinutes(10),
                ZendeskMessagingMinter.EmailVerifiedPolicy.NEVER, Clock.systemUTC());
        String token = minter.mint(new SiteUser("u", "u@example.com", "U", null, "x", Map.of())).token();
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.putArray("cases").addObject().put("product", "chat").put("token", token).put("secret", secret).putObject("expect");
        StringBuilder out = new StringBuilder();
        assertThat(Node.check("verify-zendesk.mjs", Json.write(input), out)).isFalse();
        assertThat(out.toString()).contains("exp more than 420 s after iat");
    }
}

package io.chatpass.server.livechat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Instant;
import java.util.Date;

final class LiveChatFixtures {
    static final String LOGIN_SECRET = "login-secret-for-livechat-tests-0000000000";

    private LiveChatFixtures() {
    }

    /** Every getFreshToken goes to LiveChat here (no reuse window): the CIP contract tests need each to be new. */
    static String yaml(String accountsBaseUrl) {
        return reusingYaml(accountsBaseUrl) + "  freshTokenReuseSeconds: 0\n";
    }

    /** With the defaults: getFreshToken reused for 5 s, 6 LiveChat calls per user and minute. */
    static String reusingYaml(String accountsBaseUrl) {
        return """
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: %s, projectId: p1}
                livechat:
                  accountsBaseUrl: %s
                  clientId: client-1
                  organizationId: org-1
                  redirectUri: https://shop.example.com/
                  timeoutMillis: 500
                  deadlineMillis: 2000
                """.formatted(LOGIN_SECRET, accountsBaseUrl);
    }

    static String login(String sub) {
        return JWT.create().withIssuer("https://login.xsolla.com").withSubject(sub).withClaim("email", sub + "@example.com").withClaim("email_verified", true)
                .withClaim("name", "User " + sub).withClaim("xsolla_login_project_id", "p1")
                .withExpiresAt(Date.from(Instant.now().plusSeconds(600))).sign(Algorithm.HMAC256(LOGIN_SECRET));
    }
}

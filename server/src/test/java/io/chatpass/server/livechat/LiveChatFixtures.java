package io.chatpass.server.livechat;

import io.chatpass.server.support.Logins;

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
        return Logins.of(LOGIN_SECRET, sub).email(sub + "@example.com").name("User " + sub).token();
    }
}

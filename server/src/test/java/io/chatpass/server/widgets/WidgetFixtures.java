package io.chatpass.server.widgets;

import io.chatpass.server.support.Logins;

/** One configuration with every widget vendor on, and login tokens for it. */
public final class WidgetFixtures {
    /** The signed-identity widgets: every vendor of the registry whose section is under widgets. */
    public static final java.util.List<String> VENDORS = io.chatpass.server.vendors.VendorRegistry.all().stream()
            .filter(v -> v.section().startsWith("widgets.")).map(io.chatpass.server.vendor.Vendor::id).toList();

    static final String LOGIN_SECRET = "login-secret-for-widget-tests-0000000000";
    static final String INTERCOM = "intercom-messenger-api-secret-0123456789";
    static final String CRISP_VERIFY = "crisp-website-verify-secret-01234";
    static final String CRISP_TOKENS = "chatpass-crisp-token-id-secret-k3y-9f8e7d";
    static final String TAWKTO = "tawkto-property-key-0123456789abcd";
    static final String HELPSCOUT = "helpscout-beacon-secret-01234567";
    static final String CHATWOOT = "chatwoot-inbox-hmac-token-xyz123";
    static final String FRONT = "front-chat-verification-secret-0001";
    static final String DRIFT = "drift-signed-identity-key-0123456789abcdef";
    static final String KUSTOMER = "kustomer-chat-secret-0123456789abcdefghij";
    static final String FEATUREBASE = "featurebase-jwt-secret-0123456789abcdefgh";
    static final String SALESFORCE_ISSUER = "https://shop.example.com";
    static final String DYNAMICS_ISSUER = "shop.example.com";
    static final String HUBSPOT_APP_TOKEN = "pat-na1-stand-in-private-app-token";

    private WidgetFixtures() {
    }

    /** A login whose email (when given) the login verified: {@code email_verified: true}. */
    static String login(String sub, String email, String name) {
        return login(sub, email, name, email == null ? null : Boolean.TRUE);
    }

    /** @param emailVerified the token's email_verified claim; null leaves it out */
    static String login(String sub, String email, String name, Boolean emailVerified) {
        Logins login = Logins.of(LOGIN_SECRET, sub).name(name);
        if (Boolean.TRUE.equals(emailVerified)) login.email(email);
        else if (email != null) login.unverifiedEmail(email, emailVerified);
        return login.token();
    }

    /** Every vendor on; intercom in the given mode; HubSpot at the given API root (or off when null). */
    static String yaml(String intercomMode, String hubspotRoot) {
        return """
                limits: {perUserPerMinute: 1000000}
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: %s, projectId: p1}
                widgets:
                  intercom: {mode: %s, secret: %s}
                  crisp: {verifySecret: %s, tokenIdSecret: %s}
                  tawkto: {secret: %s}
                  helpscout: {secret: %s}
                  chatwoot: {secret: %s}
                  front: {secret: %s}
                  drift: {secret: %s, lifetimeSeconds: 900}
                  salesforce: {issuer: %s, algorithm: RS512, lifetimeSeconds: 600}
                  dynamics365: {issuer: %s, context: {portal_user: id, emailaddress1: email, fullname: name}}
                  kustomer: {secret: %s}
                  featurebase: {secret: %s, lifetimeSeconds: 1800}
                """.formatted(LOGIN_SECRET, intercomMode, INTERCOM, CRISP_VERIFY, CRISP_TOKENS, TAWKTO, HELPSCOUT, CHATWOOT, FRONT, DRIFT,
                SALESFORCE_ISSUER, DYNAMICS_ISSUER, KUSTOMER, FEATUREBASE)
                + (hubspotRoot == null ? "" : """
                  hubspot: {apiRoot: "%s", privateAppToken: %s, timeoutMillis: 600}
                """.formatted(hubspotRoot, HUBSPOT_APP_TOKEN));
    }
}

package io.chatpass.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatpass.core.crypto.SecretBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    /** A login verifier, for configurations that turn vendors on (refused without one). */
    static final String LOGIN = "login:\n  verifiers:\n    - {name: shop, preset: hmac, secret: login-secret-0123456789abcdef-0123456789}\n";

    private String base() throws Exception {
        Files.writeString(dir.resolve("keyset.json"), SecretBox.generateKeyset());
        return "store:\n  encryptionKeyset: ${file:keyset.json}\n";
    }

    private ChatpassConfig load(String yaml, Map<String, String> env) {
        return new ConfigLoader(env, io.chatpass.server.vendors.VendorRegistry.sections()).parse(yaml, dir);
    }

    private String problems(String yaml, Map<String, String> env) {
        return assertThatThrownBy(() -> load(yaml, env)).isInstanceOf(ConfigException.class).actual().getMessage();
    }

    @Test
    void defaultsAreSafe() throws Exception {
        ChatpassConfig c = load(base(), Map.of());
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.server().allowedOrigins()).isEmpty();
        assertThat(c.admin().enabled()).isFalse();
        assertThat(c.sandbox().enabled()).isFalse();
        assertThat(c.server().accessLog()).isTrue();
        assertThat(c.store().settings().sqlitePath()).isNotNull();
    }

    @Test
    void unknownKeyIsRefusedNamingIt() throws Exception {
        assertThat(problems(base() + "server:\n  prot: 1\n", Map.of())).contains("server.prot").contains("unknown key").contains("port");
    }

    @Test
    void malformedUrlIsRefusedNamingIt() throws Exception {
        assertThat(problems(base() + "server:\n  publicUrl: 'htp:/nope'\n", Map.of())).contains("server.publicUrl");
        assertThat(problems(base() + "server:\n  allowedOrigins: ['https://shop.example.com/path']\n", Map.of()))
                .contains("server.allowedOrigins[0]").contains("not an origin");
        assertThat(problems(base() + "store:\n  jdbcUrl: 'mysql://x'\n", Map.of()).replace(base(), "")).contains("store.jdbcUrl");
    }

    @Test
    void impossibleNumbersAreRefused() throws Exception {
        assertThat(problems(base() + "server:\n  port: 70000\n", Map.of())).contains("server.port");
        assertThat(problems(base() + "server:\n  port: abc\n", Map.of())).contains("server.port").contains("a number");
    }

    @Test
    void environmentOverridesKeysCaseInsensitively() throws Exception {
        ChatpassConfig c = load(base(), Map.of("CHATPASS_SERVER_PORT", "9191",
                "CHATPASS_SERVER_ALLOWEDORIGINS", "https://a.example, https://b.example"));
        assertThat(c.server().port()).isEqualTo(9191);
        assertThat(c.server().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
    }

    @Test
    void unknownEnvironmentOverrideIsRefused() throws Exception {
        assertThat(problems(base(), Map.of("CHATPASS_SERVER_PROT", "1"))).contains("CHATPASS_SERVER_PROT").contains("prot");
    }

    @Test
    void envAndFileReferencesResolve() throws Exception {
        Files.writeString(dir.resolve("hash"), "a".repeat(64) + "\n");
        ChatpassConfig c = load(base() + "admin:\n  tokenSha256: ${file:hash}\nserver:\n  host: ${HOST_FROM_ENV}\n",
                Map.of("HOST_FROM_ENV", "0.0.0.0"));
        assertThat(c.admin().tokenSha256()).isEqualTo("a".repeat(64));
        assertThat(c.server().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void missingReferenceIsRefusedNamingKeyAndVariable() throws Exception {
        String msg = problems(base() + "server:\n  host: ${NOT_SET_ANYWHERE}\n", Map.of());
        assertThat(msg).contains("server.host").contains("NOT_SET_ANYWHERE");
        assertThat(problems(base() + "server:\n  host: ${file:missing.txt}\n", Map.of())).contains("server.host").contains("missing.txt");
    }

    @Test
    void missingOrBrokenKeysetIsRefused() {
        assertThat(problems("", Map.of())).contains("store.encryptionKeyset").contains("keys generate");
        String msg = problems("store:\n  encryptionKeyset: '{\"primaryKeyId\": 1, \"leak\": \"s3cret-v4lue\"}'\n", Map.of());
        assertThat(msg).contains("store.encryptionKeyset").doesNotContain("s3cret-v4lue");
    }

    @Test
    void adminHashMustBeAHashNotAToken() throws Exception {
        assertThat(problems(base() + "admin:\n  tokenSha256: my-plain-token\n", Map.of())).contains("admin.tokenSha256");
    }

    @Test
    void theExampleConfigurationInTheRepositoryIsValid() throws Exception {
        Path example = Path.of("../chatpass.example.yml");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/keyset.json"), SecretBox.generateKeyset());
        ChatpassConfig c = load(Files.readString(example), Map.of());
        assertThat(c.server().allowedOrigins()).containsExactly("https://shop.example.com");
        assertThat(c.store().encryptionKeyset()).isNotNull();
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThat(problems("server:\n  port: [1,\n", Map.of())).contains("line");
    }

    @Test
    void theSandboxIsRefusedOutsideTheDemoFromEverySource() throws Exception {
        String secret = "sandbox-secret-0123456789abcdef-0123456789";
        assertThat(problems(base() + "sandbox: {enabled: true, loginSecret: " + secret + "}\n", Map.of()))
                .contains("sandbox.enabled").contains("chatpass demo");
        assertThat(problems(base(), Map.of("CHATPASS_SANDBOX_ENABLED", "true", "CHATPASS_SANDBOX_LOGINSECRET", secret)))
                .contains("sandbox.enabled").contains("CHATPASS_SANDBOX_ENABLED");
        // The demo's own loader takes it, on a loopback bind only.
        assertThat(ConfigLoader.forDemo(io.chatpass.server.vendors.VendorRegistry.sections()).parse(base() + "sandbox: {enabled: true, loginSecret: " + secret + "}\n", dir)
                .sandbox().enabled()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.forDemo(io.chatpass.server.vendors.VendorRegistry.sections()).parse(base() + "server: {host: 0.0.0.0}\nsandbox: {enabled: true, loginSecret: "
                + secret + "}\n", dir)).isInstanceOf(ConfigException.class).hasMessageContaining("loopback");
    }

    @Test
    void severalLoginsNeedDistinctUserIdPrefixes() throws Exception {
        String two = base() + """
                login:
                  verifiers:
                    - {name: a, preset: hmac, secret: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, issuer: "https://a.example"%s}
                    - {name: b, preset: hmac, secret: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, issuer: "https://b.example"%s}
                """;
        assertThat(problems(two.formatted("", ""), Map.of())).contains("login.verifiers[0].userIdPrefix").contains("is missing");
        assertThat(problems(two.formatted(", userIdPrefix: 'a:'", ", userIdPrefix: 'a:'"), Map.of()))
                .contains("login.verifiers[1].userIdPrefix");
        assertThat(problems(two.formatted(", userIdPrefix: 'a:'", ", userIdPrefix: 'a:b'"), Map.of()))
                .as("a prefix that begins another's could make two users one").contains("login.verifiers[1].userIdPrefix");
        ChatpassConfig ok = load(two.formatted(", userIdPrefix: 'a:'", ", userIdPrefix: 'b:'"), Map.of());
        assertThat(ok.login().settings()).extracting(v -> v.userIdPrefix()).containsExactly("a:", "b:");
        // One login keeps ids as they are.
        assertThat(load(base() + "login: {verifiers: [{name: a, preset: hmac, secret: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}]}\n", Map.of())
                .login().settings().get(0).userIdPrefix()).isEmpty();
    }

    @Test
    void upstreamsCarryingSecretsNeedHttpsOrALiteralLoopbackAddress() throws Exception {
        String lc = "livechat: {clientId: c, organizationId: o, redirectUri: 'https://shop.example.com/', accountsBaseUrl: '%s'}\n";
        String zd = "zendesk: {visitors: {apiRoot: '%s', oauthToken: tok}}\n";
        for (String bad : new String[] {"http://accounts.example.com", "http://127.evil.example", "http://localhost:9000",
                "http://127.0.0.1.nip.io", "http://[::2]:80"}) {
            assertThat(problems(base() + lc.formatted(bad), Map.of())).as(bad).contains("livechat.accountsBaseUrl").contains("https");
            assertThat(problems(base() + zd.formatted(bad), Map.of())).as(bad).contains("zendesk.visitors.apiRoot").contains("https");
        }
        for (String good : new String[] {"https://accounts.livechat.com", "http://127.0.0.1:9000", "http://127.1.2.3", "http://[::1]:9000"}) {
            assertThat(load(base() + LOGIN + lc.formatted(good), Map.of()).vendor(io.chatpass.server.vendors.livechat.LiveChatConfig.class).accountsBaseUrl()).isEqualTo(good);
            assertThat(load(base() + LOGIN + zd.formatted(good), Map.of()).vendor(io.chatpass.server.vendors.zendesk.ZendeskConfig.class).visitors().apiRoot()).isEqualTo(good);
        }
    }

    @Test
    void trustedProxiesAndLimitsAreValidated() throws Exception {
        assertThat(problems(base() + "server: {trustedProxies: [proxy.example.com]}\n", Map.of())).contains("server.trustedProxies[0]");
        assertThat(problems(base() + "server: {trustedProxies: [10.0.0.0/33]}\n", Map.of())).contains("server.trustedProxies[0]");
        assertThat(load(base() + "server: {trustedProxies: [10.0.0.0/8, '::1']}\n", Map.of()).server().trustedProxies()).hasSize(2);
        assertThat(problems(base() + "limits: {perUserPerMinute: 0}\n", Map.of())).contains("limits.perUserPerMinute");
        assertThat(problems(base() + "logging: {format: xml}\n", Map.of())).contains("logging.format");
    }

    @Test
    void widgetSectionsAreValidatedWithoutEchoingSecrets() throws Exception {
        String good = "crisp-website-verify-secret-01234";
        ChatpassConfig ok = load(base() + LOGIN + "widgets:\n  crisp: {verifySecret: " + good + ", tokenIdSecret: \"${CRISP_TOKENS}\"}\n"
                + "  hubspot: {privateAppToken: pat-1234567890}\n", Map.of("CRISP_TOKENS", "chatpass-crisp-token-id-secret-k3y-9f8e7d"));
        assertThat(ok.vendor(io.chatpass.server.vendors.crisp.CrispConfig.class).tokenIdSecret().reveal()).isEqualTo("chatpass-crisp-token-id-secret-k3y-9f8e7d");
        assertThat(ok.vendor(io.chatpass.server.vendors.hubspot.HubSpotConfig.class).settings().apiRoot().toString()).isEqualTo("https://api.hubapi.com");
        assertThat(ok.vendor(io.chatpass.server.vendors.intercom.IntercomConfig.class)).isNull();

        String weak = problems(base() + "widgets:\n  crisp: {verifySecret: " + good + ", tokenIdSecret: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\n", Map.of());
        assertThat(weak).contains("widgets.crisp.tokenIdSecret").contains("too weak").doesNotContain("aaaaaaaa");
        String same = "crisp-website-verify-secret-0123456789abcdef";
        assertThat(problems(base() + "widgets:\n  crisp: {verifySecret: " + same + ", tokenIdSecret: " + same + "}\n", Map.of()))
                .contains("widgets.crisp.tokenIdSecret: is the same as verifySecret").doesNotContain(same);
        assertThat(problems(base() + "widgets:\n  crisp: {verifySecret: " + good + "}\n", Map.of())).contains("widgets.crisp.tokenIdSecret: is missing");
        assertThat(problems(base() + "widgets:\n  tawkto: {secret: short-one}\n", Map.of())).contains("widgets.tawkto.secret").doesNotContain("short-one");
        assertThat(problems(base() + "widgets:\n  drift: {secret: twenty-bytes-long-xx}\n", Map.of())).contains("widgets.drift.secret").contains("at least 32");
        assertThat(problems(base() + "widgets:\n  intercom: {mode: idv, secret: " + good + "}\n", Map.of())).contains("widgets.intercom.mode");
        assertThat(problems(base() + "widgets:\n  hubspot: {apiRoot: 'http://api.hubapi.com', privateAppToken: pat-1}\n", Map.of()))
                .contains("widgets.hubspot.apiRoot").contains("plain http");
        assertThat(load(base() + LOGIN + "widgets:\n  hubspot: {apiRoot: 'http://127.0.0.1:9', privateAppToken: pat-1}\n", Map.of())
                .vendor(io.chatpass.server.vendors.hubspot.HubSpotConfig.class).apiRoot()).isEqualTo("http://127.0.0.1:9");
        assertThat(problems(base() + "widgets:\n  hubspot: {}\n", Map.of())).contains("widgets.hubspot.privateAppToken: is missing");
        assertThat(load(base() + LOGIN, Map.of("CHATPASS_WIDGETS_FRONT_SECRET", "front-chat-verification-secret-0001")).vendor(io.chatpass.server.vendors.front.FrontConfig.class)).isNotNull();
    }

    @Test
    void ownKeyVendorsNeedAnIssuerAnAlgorithmTheyVerifyAndContextVariablesFromTheLogin() throws Exception {
        assertThat(problems(base() + "widgets:\n  salesforce: {}\n", Map.of())).contains("widgets.salesforce.issuer: is missing");
        assertThat(problems(base() + "widgets:\n  salesforce: {issuer: 'my shop'}\n", Map.of())).contains("widgets.salesforce.issuer").contains("without spaces");
        assertThat(problems(base() + "widgets:\n  salesforce: {issuer: shop, algorithm: ES256}\n", Map.of()))
                .contains("widgets.salesforce.algorithm: must be RS256 or RS512");
        assertThat(problems(base() + "widgets:\n  dynamics365: {issuer: shop, context: {vip: 'true', 'bad name': id}}\n", Map.of()))
                .contains("widgets.dynamics365.context.vip: must be id, email or name").contains("widgets.dynamics365.context.bad name: is not a context variable name");
        ChatpassConfig ok = load(base() + LOGIN + "widgets:\n  salesforce: {issuer: shop, algorithm: RS512}\n  dynamics365: {issuer: shop, context: {emailaddress1: email}}\n", Map.of());
        assertThat(ok.vendor(io.chatpass.server.vendors.salesforce.SalesforceConfig.class).ownKeys())
                .containsExactly(io.chatpass.core.signing.SigningAlgorithm.RS512);
        assertThat(ok.vendor(io.chatpass.server.vendors.dynamics365.Dynamics365Config.class).context()).containsEntry("emailaddress1", "email");
    }

    @Test
    void aLoginThatMayNotVouchForEmailsFeedingVendorsThatNeedOneIsNamedWithTheSetting() throws Exception {
        String login = "login:\n  verifiers:\n    - {name: shop, preset: xsolla, secret: login-secret-0123456789abcdef-0123456789, projectId: p1%s}\n";
        String vendors = "widgets:\n  helpscout: {secret: helpscout-beacon-secret-01234567}\n";
        ChatpassConfig silent = load(base() + login.formatted("") + vendors, Map.of());
        assertThat(silent.notices()).singleElement().asString().contains("login.verifiers[0] (shop)").contains("Xsolla Login sends none")
                .contains("helpscout").contains("login_email_unverified").contains("login.verifiers[0].emailsVerified: true");
        assertThat(load(base() + login.formatted(", emailsVerified: true") + vendors, Map.of()).notices()).isEmpty();
        assertThat(load(base() + login.formatted(""), Map.of()).notices()).as("no vendor needs a verified email").isEmpty();
    }

    @Test
    void zendeskMessagingCannotVouchForEveryEmailOnItsOwn() throws Exception {
        String yaml = base() + "zendesk:\n  messaging:\n    emailVerified: always\n    keys:\n"
                + "      - {id: k1, secret: zendesk-messaging-key-one-0123456789abcdef, active: true}\n";
        assertThat(problems(yaml, Map.of())).contains("zendesk.messaging.emailVerified").contains("emailsVerified: true");
    }

    @Test
    void everyProblemIsReportedInOneRun() throws Exception {
        String yaml = base() + """
                server:
                  prot: 8080
                  port: 70000
                limits:
                  perIpPerMinute: lots
                zendesk:
                  chat: {secret: zendesk-chat-shared-secret-0123456789abcdef}
                """;
        String all = problems(yaml, Map.of());
        assertThat(all).contains("server.prot: unknown key").contains("server.port: must be between 0 and 65535")
                .contains("limits.perIpPerMinute: expected a number").contains("login.verifiers: is empty, but vendors are configured (zendesk.chat)");
        assertThat(all).doesNotContain("limits.perIpPerMinute: must be"); // reported once, as its type
    }

    @Test
    void aYamlSyntaxErrorSaysTheParsersReasonAtTheRightLine() throws Exception {
        String all = problems(base() + "server:\n  port: 8080\n\thost: 127.0.0.1\n", Map.of());
        assertThat(all).contains("line 5").contains("\\t").contains("spaces");
    }

    @Test
    void anHmacLoginsIssuerMayBeAnyStringWhileDiscoveryNeedsAUrl() throws Exception {
        String hmac = base() + "login:\n  verifiers:\n    - {name: shop, preset: hmac, secret: login-secret-0123456789abcdef-0123456789, issuer: my-shop}\n";
        assertThat(load(hmac, Map.of()).login().verifiers().get(0).issuer()).isEqualTo("my-shop");
        String oidc = base() + "login:\n  verifiers:\n    - {name: idp, preset: oidc, issuer: my-idp, audience: [chat]}\n";
        assertThat(problems(oidc, Map.of())).contains("login.verifiers[0].issuer");
        // discovery names the keys: over plain http, anyone on the path could name theirs
        assertThat(problems(oidc.replace("my-idp", "http://idp.example.com"), Map.of())).contains("login.verifiers[0].issuer")
                .contains("plain http");
    }

    @Test
    void launcherVariablesAreNotConfigurationKeysAndCredentialsAreRead() throws Exception {
        Path creds = Files.createDirectories(dir.resolve("creds"));
        Files.writeString(creds.resolve("admin-hash"), "b".repeat(64) + "\n");
        ChatpassConfig c = load(base() + "admin:\n  tokenSha256: ${credential:admin-hash}\n",
                Map.of("CHATPASS_HEAP", "96m", "CHATPASS_CDS", "off", "CREDENTIALS_DIRECTORY", creds.toString()));
        assertThat(c.admin().tokenSha256()).isEqualTo("b".repeat(64));
        assertThat(problems(base() + "admin:\n  tokenSha256: ${credential:admin-hash}\n", Map.of()))
                .contains("admin.tokenSha256").contains("CREDENTIALS_DIRECTORY is not set").doesNotContain("64 hex");
    }
}

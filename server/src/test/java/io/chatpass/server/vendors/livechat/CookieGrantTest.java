package io.chatpass.server.vendors.livechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cookie grant both stand-ins serve, checked against the contract in docs/vendor-contracts.md. */
class CookieGrantTest {
    private static final String V2 = "{\"grant_type\":\"cookie\",\"response_type\":\"token\",\"client_id\":\"cid\","
            + "\"organization_id\":\"org-9\",\"redirect_uri\":\"https://shop.example/\"}";
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private final CookieGrant grant = new CookieGrant(new CookieGrant.Customers() {
        @Override
        public Optional<String> secret(String entityId) {
            return Optional.ofNullable(secrets.get(entityId));
        }

        @Override
        public void save(String entityId, String secret, boolean isNew) {
            secrets.put(entityId, secret);
            if (isNew) created.incrementAndGet();
        }
    }, "cid", CookieGrant.LIVECHAT_COOKIE_ATTRIBUTES);

    private CookieGrant.Answer call(String body, String cookie, boolean rotate) {
        return grant.answer(new CookieGrant.Call(body, cookie, false, true, rotate));
    }

    private static String cookie(CookieGrant.Answer a) {
        return a.setCookies().stream().map(c -> c.substring(0, c.indexOf(';'))).reduce((x, y) -> x + "; " + y).orElseThrow();
    }

    @Test
    void withoutCookiesANewCustomerWithCookiesTheSameOne() {
        CookieGrant.Answer first = call(V2, null, false);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).containsEntry("organization_id", "org-9").containsEntry("token_type", "Bearer")
                .containsEntry("expires_in", 28_800L).doesNotContainKey("client_id");
        assertThat(first.accessToken()).startsWith("dal:");
        assertThat(first.setCookies()).hasSize(2).allSatisfy(c -> assertThat(c).endsWith(CookieGrant.LIVECHAT_COOKIE_ATTRIBUTES));

        CookieGrant.Answer again = call(V2, cookie(first), false);
        assertThat(again.entityId()).isEqualTo(first.entityId());
        assertThat(again.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(again.setCookies()).isEqualTo(first.setCookies()); // renewed, same secret
        assertThat(created).hasValue(1);
    }

    @Test
    void rotationIssuesANewSecretAndRefusesTheOldOne() {
        CookieGrant.Answer first = call(V2, null, false);
        CookieGrant.Answer rotated = call(V2, cookie(first), true);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.setCookies().get(1)).isNotEqualTo(first.setCookies().get(1));

        CookieGrant.Answer stale = call(V2, cookie(first), false);
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.body()).containsEntry("identity_exception", "unauthorized").containsEntry("entity_id", first.entityId());
        assertThat(stale.setCookies()).isEmpty();
        assertThat(call(V2, cookie(rotated), false).status()).isEqualTo(200);
    }

    @Test
    void aForgottenCustomerOrAMissingSecretIsUnauthorized() {
        assertThat(call(V2, "__lc_cid=nobody; __lc_cst=abc", false).body()).containsEntry("identity_exception", "unauthorized");
        CookieGrant.Answer first = call(V2, null, false);
        assertThat(call(V2, "__lc_cid=" + first.entityId(), false).status()).isEqualTo(401);
        assertThat(created).hasValue(1);
    }

    @Test
    void v1NamesTheLicenseAndAnswersWithTheClientId() {
        String v1 = "{\"grant_type\":\"cookie\",\"response_type\":\"token\",\"client_id\":\"cid\",\"license_id\":123,"
                + "\"redirect_uri\":\"https://shop.example/\"}";
        CookieGrant.Answer a = grant.answer(new CookieGrant.Call(v1, null, false, false, false));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).containsEntry("client_id", "cid").doesNotContainKey("organization_id");
        assertThat(grant.answer(new CookieGrant.Call(v1.replace("123", "\"123\""), null, false, false, false)).body())
                .containsEntry("oauth_exception", "invalid_request");
    }

    @Test
    void badCallsGetTheServicesErrorCodesAndCreateNoCustomer() {
        assertThat(call("not json", null, false).body()).containsEntry("oauth_exception", "invalid_request");
        assertThat(call(V2.replace("\"cookie\"", "\"password\""), null, false).body()).containsEntry("oauth_exception", "unsupported_grant_type");
        assertThat(call(V2.replace("\"organization_id\":\"org-9\",", ""), null, false).body()).containsEntry("oauth_exception", "invalid_request");
        assertThat(call(V2.replace("\"cid\"", "\"other\""), null, false).body()).containsEntry("oauth_exception", "invalid_client");
        String noRedirect = V2.replace(",\"redirect_uri\":\"https://shop.example/\"", "");
        assertThat(call(noRedirect, null, false).body()).containsEntry("oauth_exception", "redirect_uri_not_set");
        assertThat(call(noRedirect, null, false).status()).isEqualTo(400);
        assertThat(created).hasValue(0);
        // The Origin header stands in for a missing redirect_uri.
        assertThat(grant.answer(new CookieGrant.Call(noRedirect, null, true, true, false)).status()).isEqualTo(200);
    }
}

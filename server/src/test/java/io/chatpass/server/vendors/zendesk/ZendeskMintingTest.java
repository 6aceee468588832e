package io.chatpass.server.vendors.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.chatpass.core.Secret;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Minted tokens checked with an independent implementation (auth0 java-jwt) under Zendesk's rules. */
class ZendeskMintingTest {
    static final String CHAT_SECRET = "zendesk-chat-shared-secret-0123456789abcdef";
    static final String MSG_SECRET = "zendesk-messaging-key-secret-0123456789abcd";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00.700Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    static SiteUser user(String id, String email, String name, Boolean verified) {
        return new SiteUser(id, email, name, verified, "xsolla", Map.of());
    }

    DecodedJWT verify(String token, String secret) {
        return JWT.require(Algorithm.HMAC256(secret)).acceptLeeway(0).build().verify(token);
    }

    @Test
    void chatTokenCarriesOnlyTheVerifiedIdentity() throws Exception {
        var m = new ZendeskChatMinter(Secret.ofUtf8(CHAT_SECRET), Duration.ofSeconds(300), Clock.systemUTC());
        MintedToken t = m.mint(user("u-1", "ann@example.com", "Ann", true));
        DecodedJWT jwt = verify(t.token(), CHAT_SECRET);
        assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
        assertThat(jwt.getType()).isEqualTo("JWT");
        assertThat(jwt.getClaim("external_id").asString()).isEqualTo("u-1");
        assertThat(jwt.getClaim("email").asString()).isEqualTo("ann@example.com");
        assertThat(jwt.getClaim("name").asString()).isEqualTo("Ann");
        long iat = jwt.getClaim("iat").asLong();
        long exp = jwt.getClaim("exp").asLong();
        assertThat(exp - iat).isEqualTo(300);
        assertThat(Math.abs(iat - Instant.now().getEpochSecond())).isLessThanOrEqualTo(120);
        assertThat(t.expiresAt().getEpochSecond()).isEqualTo(exp);
        assertThat(jwt.getClaims().keySet()).containsExactlyInAnyOrder("name", "email", "external_id", "iat", "exp", "jti");
    }

    @Test
    void everyCallMintsADistinctTokenEvenInTheSameSecond() throws Exception {
        var m = new ZendeskChatMinter(Secret.ofUtf8(CHAT_SECRET), Duration.ofSeconds(300), clock);
        var u = user("u-1", "ann@example.com", "Ann", true);
        assertThat(m.mint(u).token()).isNotEqualTo(m.mint(u).token());
    }

    @Test
    void chatLifetimeAboveSevenMinutesIsRefused() {
        assertThatThrownBy(() -> new ZendeskChatMinter(Secret.ofUtf8(CHAT_SECRET), Duration.ofSeconds(421), clock))
                .hasMessageContaining("420");
    }

    @Test
    void chatNeedsAnEmail() {
        var m = new ZendeskChatMinter(Secret.ofUtf8(CHAT_SECRET), Duration.ofSeconds(300), clock);
        LoginFailure f = catchThrowableOfType(LoginFailure.class, () -> m.mint(user("u-1", null, null, null)));
        assertThat(f.kind()).isEqualTo(LoginFailure.Kind.CLAIM_MISSING);
        assertThat(f.claim()).isEqualTo("email");
    }

    @Test
    void internationalEmailDomainIsSentAsPunycodeAndNonAsciiLocalPartIsRefused() throws Exception {
        var m = new ZendeskChatMinter(Secret.ofUtf8(CHAT_SECRET), Duration.ofSeconds(300), Clock.systemUTC());
        DecodedJWT jwt = verify(m.mint(user("u-1", "ann@bücher.example", "Ann", true)).token(), CHAT_SECRET);
        assertThat(jwt.getClaim("email").asString()).isEqualTo("ann@xn--bcher-kva.example");
        LoginFailure f = catchThrowableOfType(LoginFailure.class, () -> m.mint(user("u-1", "jürgen@example.com", "J", true)));
        assertThat(f.kind()).isEqualTo(LoginFailure.Kind.CLAIM_INVALID);
    }

    @Test
    void longNamesAreCutTo255CodePointsAndControlCharactersDropped() throws Exception {
        var m = new ZendeskChatMinter(Secret.ofUtf8(CHAT_SECRET), Duration.ofSeconds(300), Clock.systemUTC());
        String longName = "😀".repeat(300);
        DecodedJWT jwt = verify(m.mint(user("u-1", "a@example.com", longName, true)).token(), CHAT_SECRET);
        String name = jwt.getClaim("name").asString();
        assertThat(name.codePointCount(0, name.length())).isEqualTo(255);
        DecodedJWT ctl = verify(m.mint(user("u-1", "a@example.com", "Ann\u0007\nB", true)).token(), CHAT_SECRET);
        assertThat(ctl.getClaim("name").asString()).isEqualTo("AnnB");
    }

    @Test
    void messagingTokenHasKidScopeAndVerifiedPolicy() throws Exception {
        var fromLogin = new ZendeskMessagingMinter("app_key_1", Secret.ofUtf8(MSG_SECRET), Duration.ofMinutes(10),
                ZendeskMessagingMinter.EmailVerifiedPolicy.FROM_LOGIN, Clock.systemUTC());
        DecodedJWT jwt = verify(fromLogin.mint(user("u-2", "bo@example.com", "Bo", true)).token(), MSG_SECRET);
        assertThat(jwt.getKeyId()).isEqualTo("app_key_1");
        assertThat(jwt.getClaim("scope").asString()).isEqualTo("user");
        assertThat(jwt.getClaim("external_id").asString()).isEqualTo("u-2");
        assertThat(jwt.getClaim("email_verified").asBoolean()).isTrue();
        assertThat(jwt.getClaim("exp").asLong() - jwt.getClaim("iat").asLong()).isEqualTo(600);
        DecodedJWT unverified = verify(fromLogin.mint(user("u-2", "bo@example.com", "Bo", null)).token(), MSG_SECRET);
        assertThat(unverified.getClaim("email_verified").asBoolean()).isFalse();
        var never = new ZendeskMessagingMinter("k", Secret.ofUtf8(MSG_SECRET), Duration.ofMinutes(5),
                ZendeskMessagingMinter.EmailVerifiedPolicy.NEVER, Clock.systemUTC());
        assertThat(verify(never.mint(user("u", "x@example.com", null, true)).token(), MSG_SECRET).getClaim("email_verified").asBoolean()).isFalse();
    }

    @Test
    void chatRefusesAnEmailTheLoginDidNotVerify() {
        var m = new ZendeskChatMinter(Secret.ofUtf8(CHAT_SECRET), Duration.ofSeconds(300), clock);
        for (Boolean verified : new Boolean[] {null, false}) {
            LoginFailure f = catchThrowableOfType(LoginFailure.class, () -> m.mint(user("u-1", "ceo@example.com", "Eve", verified)));
            assertThat(f.kind()).as("email_verified " + verified).isEqualTo(LoginFailure.Kind.EMAIL_UNVERIFIED);
            assertThat(f.reason()).doesNotContain("ceo@example.com");
        }
    }

    @Test
    void messagingWorksWithoutEmail() throws Exception {
        var m = new ZendeskMessagingMinter("k", Secret.ofUtf8(MSG_SECRET), Duration.ofMinutes(5),
                ZendeskMessagingMinter.EmailVerifiedPolicy.FROM_LOGIN, Clock.systemUTC());
        DecodedJWT jwt = verify(m.mint(user("phone-user", null, null, null)).token(), MSG_SECRET);
        assertThat(jwt.getClaim("email").isMissing()).isTrue();
        assertThat(jwt.getClaim("email_verified").isMissing()).isTrue();
    }

    @Test
    void weakSecretsCannotMint() {
        assertThatThrownBy(() -> new ZendeskChatMinter(Secret.ofUtf8("short"), Duration.ofSeconds(300), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ZendeskMessagingMinter("k", Secret.ofUtf8("short"), Duration.ofSeconds(300),
                ZendeskMessagingMinter.EmailVerifiedPolicy.NEVER, clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMintedTokenNeverPrintsItself() throws Exception {
        var m = new ZendeskChatMinter(Secret.ofUtf8(CHAT_SECRET), Duration.ofSeconds(300), clock);
        MintedToken t = m.mint(user("u", "a@example.com", "A", true));
        assertThat(t.toString()).doesNotContain(t.token());
    }
}

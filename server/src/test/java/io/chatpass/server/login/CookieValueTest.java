package io.chatpass.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CookieValueTest {
    @Test
    void theNamedCookieIsFoundAmongOthers() {
        assertThat(Authenticator.cookieValue("token=abc", "token")).isEqualTo("abc");
        assertThat(Authenticator.cookieValue("a=1; token=abc.def.ghi; b=2", "token")).isEqualTo("abc.def.ghi");
        assertThat(Authenticator.cookieValue("a=1;token=x", "token")).isEqualTo("x");
        assertThat(Authenticator.cookieValue("token=\"quoted\"", "token")).isEqualTo("quoted");
        assertThat(Authenticator.cookieValue("token=first; token=second", "token")).isEqualTo("first");
    }

    @Test
    void aNameThatOnlyContainsOrStartsLikeTheCookieIsNotIt() {
        assertThat(Authenticator.cookieValue("mytoken=abc; tokens=def", "token")).isNull();
        assertThat(Authenticator.cookieValue("a=token=abc", "token")).isNull();
        assertThat(Authenticator.cookieValue("", "token")).isNull();
        assertThat(Authenticator.cookieValue("token", "token")).isNull();
        assertThat(Authenticator.cookieValue("token=", "token")).isEmpty();
    }
}

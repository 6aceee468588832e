package io.chatpass.server.vendors.livechat;

import io.chatpass.core.upstream.UpstreamException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** LiveChat answers that are not what the contract says: each a classified failure, never another exception. */
class AccountsAnswerTest {
    @Test
    void bodiesThatAreNotAnObjectAreTransientFailures() {
        // "null" was found by fuzzing (AccountsAnswerFuzzTest): it made the parser return no map, then a NullPointerException.
        for (String body : new String[] {"null", "123", "\"text\"", "", "{"}) {
            UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> AccountsClient.parse(200, body, List.of(), null, null));
            assertThat(e).as(body).isNotNull();
            assertThat(e.kind()).as(body).isEqualTo(UpstreamException.Kind.UNAVAILABLE);
        }
    }

    @Test
    void aTwoHundredWithoutATokenIsARefusal() {
        for (String body : new String[] {"{}", "[]"}) {
            UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> AccountsClient.parse(200, body, List.of(), null, null));
            assertThat(e.kind()).as(body).isEqualTo(UpstreamException.Kind.REJECTED);
        }
    }

    @Test
    void aGrantNeedsTheSecretCookieForANewCustomer() {
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> AccountsClient.parse(200,
                "{\"access_token\":\"dal:x\",\"entity_id\":\"e1\",\"expires_in\":28800}", List.of("__lc_cid=e1"), null, null));
        assertThat(e.vendorCode()).isEqualTo("missing_secret");
    }
}

package io.chatpass.server.vendors.livechat;

import io.chatpass.core.upstream.UpstreamException;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/** LiveChat's answers are untrusted: any status, body and Set-Cookie headers end in a Grant or a UpstreamException. */
class AccountsAnswerFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void anyAnswerIsAGrantOrAnUpstreamException(FuzzedDataProvider data) {
        int status = data.consumeInt(100, 599);
        boolean known = data.consumeBoolean();
        List<String> cookies = List.of(data.consumeString(200), data.consumeString(200));
        String body = data.consumeRemainingAsString();
        try {
            AccountsClient.Grant g = AccountsClient.parse(status, body, cookies, known ? "entity-1" : null, known ? "cst-1" : null);
            if (g.accessToken() == null || g.entityId() == null || g.cst() == null) throw new AssertionError("grant with a missing field");
        } catch (UpstreamException expected) {
            // a classified failure: the only allowed outcome besides a grant
        }
    }
}

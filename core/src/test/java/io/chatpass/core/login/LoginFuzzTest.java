package io.chatpass.core.login;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chatpass.core.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Login tokens from an attacker: whatever the bytes, verification ends in a SiteUser or a LoginFailure, never another
 * exception. The second target signs the fuzzed header and payload with the real secret, so the claim checks and the
 * mapping see hostile JSON too, not only the signature check. Regression inputs run in the test suite;
 * scripts/fuzz.sh runs them for longer.
 */
class LoginFuzzTest {
    static final String SECRET = "fuzz-login-secret-0123456789abcdef-0123";
    static final LoginVerifiers VERIFIERS = LoginVerifiers.create(List.of(
            VerifierSettings.builder("fuzz", Set.of(com.nimbusds.jose.JWSAlgorithm.HS256)).secret(Secret.ofUtf8(SECRET))
                    .issuer("https://login.example").build()), Duration.ofSeconds(60), java.time.Clock.systemUTC());

    static void verify(String token) {
        try {
            VERIFIERS.verify(token, null);
        } catch (LoginFailure expected) {
            // the only allowed refusal
        }
    }

    @FuzzTest(maxDuration = "20s")
    void anyTokenTextIsAcceptedOrRefusedCleanly(FuzzedDataProvider data) {
        verify(data.consumeRemainingAsString());
    }

    @FuzzTest(maxDuration = "20s")
    void signedHostileHeadersAndClaimsAreRefusedCleanly(FuzzedDataProvider data) throws Exception {
        String header = data.consumeString(400);
        String payload = data.consumeRemainingAsString();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        verify(input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))));
    }
}

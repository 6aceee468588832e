package io.chatpass.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatpass.core.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final Secret keyset = Secret.ofUtf8(SecretBox.generateKeyset());

    @Test
    void sealedValueOpensWithTheSameContext() {
        SecretBox box = SecretBox.fromKeyset(keyset);
        byte[] sealed = box.seal("lc-secret-value", "livechat.cst:user-1");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("lc-secret-value");
        assertThat(box.open(sealed, "livechat.cst:user-1")).isEqualTo("lc-secret-value");
    }

    @Test
    void valueMovedToAnotherRowDoesNotOpen() {
        SecretBox box = SecretBox.fromKeyset(keyset);
        byte[] sealed = box.seal("v", "livechat.cst:user-1");
        assertThatThrownBy(() -> box.open(sealed, "livechat.cst:user-2"))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("v\"");
    }

    @Test
    void tamperedCiphertextDoesNotOpen() {
        SecretBox box = SecretBox.fromKeyset(keyset);
        byte[] sealed = box.seal("value", "ctx");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(sealed, "ctx")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rotatedKeysetStillOpensOldValuesAndSealsWithTheNewKey() {
        byte[] old = SecretBox.fromKeyset(keyset).seal("before rotation", "ctx");
        Secret rotated = Secret.ofUtf8(SecretBox.rotateKeyset(keyset));
        SecretBox box = SecretBox.fromKeyset(rotated);
        assertThat(box.open(old, "ctx")).isEqualTo("before rotation");
        byte[] fresh = box.seal("after", "ctx");
        assertThatThrownBy(() -> SecretBox.fromKeyset(keyset).open(fresh, "ctx")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherKeysetCannotOpen() {
        byte[] sealed = SecretBox.fromKeyset(keyset).seal("value", "ctx");
        SecretBox other = SecretBox.fromKeyset(Secret.ofUtf8(SecretBox.generateKeyset()));
        assertThatThrownBy(() -> other.open(sealed, "ctx")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void garbageKeysetIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> SecretBox.fromKeyset(Secret.ofUtf8("{\"not\":\"a keyset s3cr3t\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void secretNeverPrintsItself() {
        Secret s = Secret.ofUtf8("super-secret-value-0123456789abcdef");
        assertThat(s.toString()).isEqualTo("***");
        assertThat("" + s).doesNotContain("super");
    }
}

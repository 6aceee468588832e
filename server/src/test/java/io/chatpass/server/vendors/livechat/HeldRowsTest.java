package io.chatpass.server.vendors.livechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatpass.core.Secret;
import io.chatpass.core.crypto.SecretBox;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The getToken cache's packed rows: what goes in comes out, within the row size, and opens for its own user only. */
class HeldRowsTest {
    private final SecretBox box = SecretBox.fromKeyset(Secret.ofUtf8(SecretBox.generateKeyset()));
    private final Identities identities = new Identities("acct", box);

    private static final String UUID_ENTITY = "b7a1c1f2-3d4e-4f5a-8b6c-7d8e9f0a1b2c";

    private Identities.Held held(String user, String token, String type) {
        return held(user, token, type, UUID_ENTITY);
    }

    private Identities.Held held(String user, String token, String type, String entity) {
        String sealed = Base64.getEncoder().encodeToString(box.seal(token, Identities.context("acct", user, "token")));
        return new Identities.Held(new Identities.Sealed(entity, null, sealed, type, 1_700_000_000_000L, 28_800_000L, 7));
    }

    @Test
    void aUuidEntityTakesSixteenBytesSoATokenOf77CharactersFits() {
        String token = "dal:" + "x".repeat(73);
        byte[] bytes = Identities.CODEC.encode(held("user-1", token, "Bearer"));
        assertThat(bytes.length).isEqualTo(Identities.HELD_BYTES);
        assertThat(Identities.CODEC.encode(held("user-1", token + "x", "Bearer")).length).as("one more does not").isGreaterThan(Identities.HELD_BYTES);
        for (String entity : new String[] {UUID_ENTITY.toUpperCase(), "not-a-uuid", "b7a1c1f2-3d4e-4f5a-8b6c-7d8e9f0a1b2"}) {
            Identities.Held h = held("user-1", "dal:t", "Bearer", entity);
            byte[] other = Identities.CODEC.encode(h);
            assertThat(Identities.CODEC.decode(other, 0, other.length).entityId).as("kept as written: " + entity).isEqualTo(entity);
        }
        Identities.Held back = Identities.CODEC.decode(bytes, 0, bytes.length);
        assertThat(back.entityId).isEqualTo(UUID_ENTITY);
        assertThat(identities.open("user-1", back).accessToken()).isEqualTo(token);
    }

    @Test
    void aRowComesBackAsItWentInAndFitsTheRowSize() {
        for (String type : new String[] {"Bearer", "MAC"}) {
            Identities.Held h = held("user-1", "dal:" + "A".repeat(36), type);
            byte[] bytes = Identities.CODEC.encode(h);
            assertThat(bytes.length).as("a UUID entity and a 40-character token fit").isLessThanOrEqualTo(Identities.HELD_BYTES);
            byte[] framed = new byte[bytes.length + 9];
            System.arraycopy(bytes, 0, framed, 5, bytes.length);
            Identities.Held back = Identities.CODEC.decode(framed, 5, bytes.length);
            assertThat(back.entityId).isEqualTo(h.entityId);
            assertThat(back.tokenSealed).isEqualTo(h.tokenSealed);
            assertThat(back.tokenType).isEqualTo(type);
            assertThat(back.createdAt).isEqualTo(1_700_000_000_000L);
            assertThat(back.expiresIn).isEqualTo(28_800_000L);
            Identities.Row row = identities.open("user-1", back);
            assertThat(row.accessToken()).isEqualTo("dal:" + "A".repeat(36));
        }
    }

    @Test
    void anotherUsersRowDoesNotOpen() {
        // two subjects sharing a slot would hand one user's row to the other: its token is sealed for its own user
        Identities.Held h = held("user-1", "dal:secret", "Bearer");
        assertThatThrownBy(() -> identities.open("user-2", h)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("dal:secret");
    }
}

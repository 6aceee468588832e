package io.chatpass.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.crypto.SecretBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher reloads for the config file and the files it references, once per burst of writes, and for nothing else. */
class ConfigReloaderTest {
    static final String YAML = """
            store: {encryptionKeyset: "${file:keyset.json}"}
            login: {verifiers: [{name: shop, preset: hmac, secret: login-secret-0123456789abcdef-0123456789}]}
            zendesk: {chat: {secret: "${file:secrets/chat-secret}", lifetimeSeconds: %d}}
            """;

    static void settle() throws InterruptedException {
        Thread.sleep(ConfigReloader.POLL_MILLIS * 2 + ConfigReloader.QUIET_MILLIS * 3 + 300);
    }

    @Test
    void onlyTheConfigAndItsReferencedFilesTriggerAReload(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("keyset.json"), SecretBox.generateKeyset());
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/chat-secret"), "chat-secret-0123456789abcdef-0123456789ab");
        Path config = dir.resolve("chatpass.yml");
        Files.writeString(config, YAML.formatted(300));
        List<ChatpassConfig> applied = new CopyOnWriteArrayList<>();
        try (ConfigReloader r = ConfigReloader.start(config, new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()), applied::add)) {
            // The store and a log beside the config, written as a busy server writes them: nothing to reload.
            for (int i = 0; i < 40; i++) {
                Files.writeString(dir.resolve("chatpass.db"), "row " + i);
                Files.writeString(dir.resolve("chatpass.db-wal"), "wal " + i);
                Files.writeString(dir.resolve("server.log"), "line " + i + "\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                Thread.sleep(10);
            }
            settle();
            assertThat(applied).as("reloads caused by files the config does not name").isEmpty();

            // An editor's burst of writes to the config: one reload, with the last content.
            for (int life : new int[] {301, 302, 303}) {
                Files.writeString(config, YAML.formatted(life));
                Thread.sleep(20);
            }
            settle();
            assertThat(applied).hasSize(1);
            assertThat(applied.get(0).vendor(io.chatpass.server.vendors.zendesk.ZendeskConfig.class).chat().lifetimeSeconds()).isEqualTo(303);

            // A referenced secret in a sub-folder: reloaded too.
            Files.writeString(dir.resolve("secrets/chat-secret"), "rotated-secret-0123456789abcdef-01234567");
            settle();
            assertThat(applied).hasSize(2);

            // Written again with the same bytes: nothing changed, nothing reloaded.
            Files.writeString(config, YAML.formatted(303));
            settle();
            assertThat(applied).hasSize(2);
            assertThat(r.appliedCount()).isEqualTo(2);
        }
    }
}

package io.chatpass.server.livechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.core.store.Stores;
import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.web.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real server processes on one PostgreSQL: a user's first calls to both create exactly one LiveChat customer. */
class TwoProcessesIT {
    @Test
    void concurrentFirstCallsToTwoProcessesCreateOneCustomer(@TempDir Path dir) throws Exception {
        StoreSettings pg = Stores.postgres();
        Files.writeString(dir.resolve("keyset.json"), SecretBox.generateKeyset());
        try (AccountsStandIn upstream = new AccountsStandIn()) {
            upstream.delayMillis = 300;
            int portA = ServerProcess.freePort();
            int portB = ServerProcess.freePort();
            Path a = config(dir, "a.yml", portA, pg, upstream);
            Path b = config(dir, "b.yml", portB, pg, upstream);
            try (ServerProcess pa = ServerProcess.start(a, portA, dir.resolve("a.log"), Map.of());
                 ServerProcess pb = ServerProcess.start(b, portB, dir.resolve("b.log"), Map.of())) {
                HttpClient http = HttpClient.newHttpClient();
                String cookie = "token=" + LiveChatFixtures.login("multi-process-user");
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    int port = i % 2 == 0 ? portA : portB;
                    calls.add(pool.submit(() -> {
                        go.await();
                        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/livechat/token"))
                                .header("Cookie", cookie).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                    }));
                }
                go.countDown();
                Set<String> entities = new HashSet<>();
                for (var f : calls) {
                    HttpResponse<String> r = f.get();
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    entities.add(Json.MAPPER.readTree(r.body()).get("entityId").asText());
                }
                assertThat(entities).hasSize(1);
                assertThat(upstream.created.get()).as("LiveChat customers created").isEqualTo(1);
                assertThat(upstream.calls.get()).as("upstream calls").isEqualTo(1);
            }
        }
    }

    static Path config(Path dir, String name, int port, StoreSettings pg, AccountsStandIn upstream) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                server:
                  port: %d
                store:
                  jdbcUrl: "%s"
                  username: postgres
                  encryptionKeyset: ${file:keyset.json}
                """.formatted(port, pg.jdbcUrl()) + LiveChatFixtures.yaml(upstream.baseUrl()));
        return file;
    }
}

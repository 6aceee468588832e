package io.chatpass.server.livechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.core.store.Stores;
import io.chatpass.server.support.Cli;
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

    /**
     * Each process holds the rows getToken serves in memory. An invalidate made through one process, and an erasure
     * and a block made by the CLI (a third process), are in force in the other as soon as they return: its very next
     * request gets no token it held before, with no waiting in between. Without the cross-process changes the other
     * process answers from its memory (the invalidated token, the erased customer) and the checks below fail.
     */
    @Test
    void invalidateEraseAndBlockAreExactInEveryProcess(@TempDir Path dir) throws Exception {
        StoreSettings pg = Stores.postgres();
        Files.writeString(dir.resolve("keyset.json"), SecretBox.generateKeyset());
        try (AccountsStandIn upstream = new AccountsStandIn()) {
            int portA = ServerProcess.freePort();
            int portB = ServerProcess.freePort();
            Path a = config(dir, "a.yml", portA, pg, upstream);
            Path b = config(dir, "b.yml", portB, pg, upstream);
            try (ServerProcess pa = ServerProcess.start(a, portA, dir.resolve("a.log"), Map.of());
                 ServerProcess pb = ServerProcess.start(b, portB, dir.resolve("b.log"), Map.of())) {
                String cookie = "token=" + LiveChatFixtures.login("exact-user");
                var first = token(portA, cookie);
                assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
                String t1 = field(first, "accessToken");
                String customer = field(first, "entityId");
                for (int i = 0; i < 3; i++) assertThat(field(token(portB, cookie), "accessToken")).as("B serves the stored token").isEqualTo(t1);
                int callsBefore = upstream.calls.get();

                var inv = post(portA, "/v1/livechat/token/invalidate", cookie);
                assertThat(inv.statusCode()).as(inv.body()).isEqualTo(204);
                var afterInvalidate = token(portB, cookie);
                assertThat(field(afterInvalidate, "accessToken")).as("B right after A's invalidate").isNotEqualTo(t1);
                assertThat(field(afterInvalidate, "entityId")).as("the same customer, so the same history").isEqualTo(customer);
                assertThat(upstream.calls.get()).as("a new token from LiveChat").isEqualTo(callsBefore + 1);
                String t2 = field(afterInvalidate, "accessToken");
                for (int i = 0; i < 3; i++) assertThat(field(token(portB, cookie), "accessToken")).isEqualTo(t2);

                Cli.Run erase = Cli.cli("users", "erase", "--config", a.toString(), "exact-user");
                assertThat(erase.exit()).as(erase.out()).isZero();
                var afterErase = token(portB, cookie);
                assertThat(afterErase.statusCode()).as(afterErase.body()).isEqualTo(200);
                assertThat(field(afterErase, "entityId")).as("B right after the CLI's erasure: a new customer").isNotEqualTo(customer);
                assertThat(field(afterErase, "accessToken")).isNotIn(t1, t2);

                for (int round = 0; round < 3; round++) {
                    Cli.Run block = Cli.cli("users", "block", "--config", a.toString(), "exact-user");
                    assertThat(block.exit()).as(block.out()).isZero();
                    var blocked = token(portB, cookie);
                    assertThat(blocked.statusCode()).as("B right after the CLI's block, round " + round).isEqualTo(403);
                    assertThat(blocked.body()).contains("user_blocked");
                    Cli.Run unblock = Cli.cli("users", "unblock", "--config", a.toString(), "exact-user");
                    assertThat(unblock.exit()).as(unblock.out()).isZero();
                    assertThat(token(portB, cookie).statusCode()).as("B right after the unblock").isEqualTo(200);
                }
            }
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> token(int port, String cookie) throws Exception {
        return post(port, "/v1/livechat/token", cookie);
    }

    private static HttpResponse<String> post(int port, String path, String cookie) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> r, String name) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).get(name).asText();
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

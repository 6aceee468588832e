package io.chatpass.bench;

import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.core.Secret;
import io.chatpass.server.vendors.livechat.CustomerToken;
import io.chatpass.server.vendors.livechat.LiveChatBroker;
import io.chatpass.server.vendors.livechat.LiveChatEvents;
import io.chatpass.server.vendors.livechat.LiveChatSettings;
import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.StoreSettings;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * CONCURRENCY concurrent getFreshToken calls for one user against the stand-in accounts service (answering after
 * DELAY ms): how many upstream calls they cost, and their latency. Usage: Coalescing CONCURRENCY DELAY_MS ROUNDS
 */
public final class Coalescing {
    public static void main(String[] args) throws Exception {
        int concurrency = Integer.parseInt(args[0]);
        int delay = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        try (AccountsStandIn upstream = new AccountsStandIn();
             Database db = Database.open(StoreSettings.sqlite(Files.createTempDirectory("chatpass-coalesce").resolve("c.db")))) {
            LiveChatSettings settings = LiveChatSettings.builder("bench", URI.create("https://shop.example.com/"))
                    .organization("org-bench").accountsBaseUrl(URI.create(upstream.baseUrl())).callTimeout(Duration.ofSeconds(5))
                    .deadline(Duration.ofSeconds(10)).build();
            LiveChatBroker broker = new LiveChatBroker(settings, db.dataSource(),
                    SecretBox.fromKeyset(Secret.ofUtf8(SecretBox.generateKeyset())), Clock.systemUTC(), LiveChatEvents.NONE);
            broker.token("one-user");
            upstream.delayMillis = delay;
            for (int r = 1; r <= rounds; r++) {
                int before = upstream.calls.get();
                Latencies[] parts = new Latencies[concurrency];
                CountDownLatch go = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(concurrency);
                for (int i = 0; i < concurrency; i++) {
                    Latencies l = parts[i] = new Latencies(1);
                    Thread.ofVirtual().start(() -> {
                        try {
                            go.await();
                            long s = System.nanoTime();
                            broker.freshToken("one-user");
                            l.add(System.nanoTime() - s);
                        } catch (Exception e) {
                            System.err.println("call failed: " + e);
                        } finally {
                            done.countDown();
                        }
                    });
                }
                go.countDown();
                done.await();
                Latencies all = Latencies.merge(parts);
                System.out.printf(Locale.ROOT, "{\"bench\":\"coalescing\",\"round\":%d,\"calls\":%d,\"completed\":%d,\"upstreamCalls\":%d,"
                        + "\"upstreamDelayMs\":%d,\"p50ms\":%.1f,\"p99ms\":%.1f,\"maxms\":%.1f}%n", r, concurrency, all.operations(),
                        upstream.calls.get() - before, delay, all.quantileMillis(0.5), all.quantileMillis(0.99), all.quantileMillis(1.0));
            }
        }
        System.exit(0);
    }
}

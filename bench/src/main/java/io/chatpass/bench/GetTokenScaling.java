package io.chatpass.bench;

import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.core.Secret;
import io.chatpass.server.vendors.livechat.CustomerToken;
import io.chatpass.server.vendors.livechat.LiveChatBroker;
import io.chatpass.server.vendors.livechat.LiveChatEvents;
import io.chatpass.server.vendors.livechat.LiveChatSettings;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.core.store.Stores;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * getToken with a cached token, as the store grows: N users, each with an identity and an unexpired token, then
 * random users' getToken from several threads for a bounded time. Stores of every size are seeded first, then
 * measured in interleaved rounds. Prints one JSON line per (store, users, round).
 *
 * <p>Usage: GetTokenScaling sqlite|postgres COUNTS(e.g. 1000,100000,1000000) SECONDS ROUNDS THREADS
 */
public final class GetTokenScaling {
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        List<Integer> counts = new ArrayList<>();
        for (String c : args[1].split(",")) counts.add(Integer.parseInt(c));
        int seconds = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        SecretBox box = SecretBox.fromKeyset(Secret.ofUtf8(SecretBox.generateKeyset()));
        LiveChatSettings settings = LiveChatSettings.builder("bench", URI.create("https://shop.example.com/"))
                .organization("org-bench").accountsBaseUrl(URI.create("http://127.0.0.1:9")).callTimeout(Duration.ofSeconds(1))
                .deadline(Duration.ofSeconds(2)).build();
        List<Database> dbs = new ArrayList<>();
        List<LiveChatBroker> brokers = new ArrayList<>();
        Path dir = Files.createTempDirectory("chatpass-bench");
        for (int n : counts) {
            StoreSettings s = kind.equals("sqlite") ? StoreSettings.sqlite(dir.resolve("users-" + n + ".db")) : Stores.postgres();
            // PostgreSQL: let the driver send each batch as multi-row INSERTs (seeding a million rows in seconds).
            String url = s.jdbcUrl() == null ? null : s.jdbcUrl() + (s.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
            s = new StoreSettings(s.sqlitePath(), url, s.username(), s.password(), threads + 2, null, true);
            Database db = Database.open(s);
            LiveChatBroker broker = new LiveChatBroker(settings, db.dataSource(), box, Clock.systemUTC(), LiveChatEvents.NONE);
            long t0 = System.nanoTime();
            seed(db, broker, n);
            System.err.printf(Locale.ROOT, "seeded %d users on %s in %.1f s%n", n, kind, (System.nanoTime() - t0) / 1e9);
            dbs.add(db);
            brokers.add(broker);
        }
        for (int i = 0; i < counts.size(); i++) measure(brokers.get(i), counts.get(i), 2, threads); // warm-up
        for (int r = 1; r <= rounds; r++) {
            for (int i = 0; i < counts.size(); i++) {
                int n = counts.get(i);
                Latencies l = measure(brokers.get(i), n, seconds, threads);
                System.out.printf(Locale.ROOT, "{\"bench\":\"getToken\",\"store\":\"%s\",\"users\":%d,\"round\":%d,\"opsPerSec\":%.1f,"
                        + "\"p50ms\":%.4f,\"p99ms\":%.4f}%n", kind, n, r, l.operations() / (double) seconds,
                        l.quantileMillis(0.50), l.quantileMillis(0.99));
            }
        }
        dbs.forEach(Database::close);
        System.exit(0);
    }

    /** Seeds n identities through the broker's public import, in batches (a fresh token each, 8 h of life). */
    static void seed(Database db, LiveChatBroker broker, int n) throws Exception {
        int batch = 5000;
        long stamp = System.currentTimeMillis();
        for (int from = 0; from < n; from += batch) {
            java.util.Map<String, LiveChatBroker.Imported> rows = new java.util.LinkedHashMap<>();
            for (int i = from; i < Math.min(n, from + batch); i++) {
                rows.put("user-" + i, new LiveChatBroker.Imported("entity-" + i, "cst-secret-" + i,
                        "dal:token-" + i + "-" + Long.toHexString(stamp), 28_800));
            }
            broker.importIdentities(rows);
        }
        if (db.dialect() == StoreSettings.Dialect.POSTGRESQL) {
            try (Connection c = db.dataSource().getConnection()) {
                c.createStatement().execute("ANALYZE livechat_identities");
            }
        }
    }

    static Latencies measure(LiveChatBroker broker, int users, int seconds, int threads) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Latencies[] parts = new Latencies[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Latencies l = parts[t] = new Latencies(2_000_000);
            Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        CustomerToken tok = broker.token("user-" + rnd.nextInt(users));
                        l.add(System.nanoTime() - s);
                        if (tok.accessToken() == null) throw new IllegalStateException("no token");
                    }
                } catch (UpstreamException e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return Latencies.merge(parts);
    }
}

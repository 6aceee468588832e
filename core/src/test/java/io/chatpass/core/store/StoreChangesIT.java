package io.chatpass.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes told to watching processes, and the cache built on them, on a real SQLite file and a real PostgreSQL. */
class StoreChangesIT {
    private static final CoherentCache.Codec<String> TEXT = new CoherentCache.Codec<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes, int offset, int length) {
            return new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8);
        }
    };

    private static long change(Database db, String scope, String subject) {
        return new Jdbc(db.dataSource()).transaction(c -> StoreChanges.record(c, scope, subject, System.currentTimeMillis()));
    }

    @Test
    void aWatcherAppliesChangesInOrderAndSaysSoBeforeTheWriterReturns(@TempDir Path dir) {
        for (StoreSettings settings : List.of(Stores.sqlite(dir), Stores.postgres())) {
            try (Database db = Database.open(settings); Database other = Database.open(settings)) {
                StoreChanges watcher = StoreChanges.watch(other.dataSource(), Clock.systemUTC(), id -> "p:" + id);
                try {
                    List<String> seen = new CopyOnWriteArrayList<>();
                    watcher.on("user", (subject, seq) -> seen.add(subject + "@" + seq));
                    long a = change(db, "user", "p:alice");
                    long b = change(db, "user", "p:bob");
                    change(db, "blocks", "*");
                    assertThat(b).isEqualTo(a + 1);
                    long started = System.nanoTime();
                    assertThat(StoreChanges.awaitApplied(db.dataSource(), b)).as(settings.dialect() + ": the watcher said so").isTrue();
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(StoreChanges.LEASE);
                    assertThat(seen).as("applied before it said so, in order, only its scope").containsExactly("p:alice@" + a, "p:bob@" + b);
                    assertThat(watcher.current()).isTrue();
                } finally {
                    watcher.close();
                }
                assertThat(StoreChanges.awaitApplied(db.dataSource(), change(db, "user", "x"))).as("a closed watcher is not waited for").isTrue();
            }
        }
    }

    @Test
    void rowsArePackedUpToTheSlotsAndAChangeDropsOnlyItsOwn(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            StoreChanges watcher = StoreChanges.watch(db.dataSource(), Clock.systemUTC(), id -> "p:" + id);
            try {
                CoherentCache<String> cache = new CoherentCache<>(watcher, "user", 4096, 16, TEXT);
                assertThat(cache.slots()).isEqualTo(4096);
                long read = new Jdbc(db.dataSource()).one("SELECT seq FROM store_change_counter", rs -> rs.getLong(1)).orElseThrow();
                for (int i = 0; i < 3000; i++) cache.put("p:u" + i, "v" + i, read, System.nanoTime());
                int held = 0;
                java.util.Set<Integer> heldBefore = new java.util.HashSet<>();
                for (int i = 0; i < 3000; i++) {
                    String v = cache.get("p:u" + i);
                    if (v != null) {
                        assertThat(v).as("a held value is the subject's own").isEqualTo("v" + i);
                        held++;
                        heldBefore.add(i);
                    }
                }
                // 3,000 in 64 sets of 64 is 47 a set on average: a set that draws more than 64 gives up the extra
                // ones, a few of 3,000 (with sets of 16, about 60)
                assertThat(held).as("3,000 values in 4,096 slots of sets of 64: nearly all held").isGreaterThan(2_985);
                cache.put("p:long", "x".repeat(17), read, System.nanoTime());
                assertThat(cache.get("p:long")).as("over the row size: not held").isNull();
                cache.put("p:u1", "v1-new", read, System.nanoTime());
                assertThat(cache.get("p:u1")).as("a put replaces the subject's row").isEqualTo("v1-new");

                long seq = change(db, "user", "p:u1");
                assertThat(StoreChanges.awaitApplied(db.dataSource(), seq)).isTrue();
                assertThat(cache.get("p:u1")).as("its change dropped it").isNull();
                for (int i = 2; i < 3000; i++) {
                    if (heldBefore.contains(i)) assertThat(cache.get("p:u" + i)).as("and nothing else").isEqualTo("v" + i);
                }
                cache.put("p:u1", "stale", read, System.nanoTime());
                assertThat(cache.get("p:u1")).as("a read from before the change is not held").isNull();
            } finally {
                watcher.close();
            }
        }
    }

    @Test
    void aSilentProcessIsWaitedForAtMostTheLeaseAndStopsServingBeforeThat(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            Database watched = Database.open(Stores.sqlite(dir));
            StoreChanges watcher = StoreChanges.watch(watched.dataSource(), Clock.systemUTC(), id -> id);
            CoherentCache<String> cache = new CoherentCache<>(watcher, "user", 100, 64, TEXT);
            long read = new Jdbc(db.dataSource()).one("SELECT seq FROM store_change_counter", rs -> rs.getLong(1)).orElseThrow();
            cache.put("alice", "held", read, System.nanoTime());
            assertThat(cache.get("alice")).isEqualTo("held");

            watched.close(); // this process can no longer read the store: it cannot hear of changes any more
            long seq = change(db, "user", "bob");
            long started = System.nanoTime();
            assertThat(StoreChanges.awaitApplied(db.dataSource(), seq)).as("never confirmed").isFalse();
            long waited = System.nanoTime() - started;
            assertThat(Duration.ofNanos(waited)).isBetween(StoreChanges.LEASE.minusMillis(100), StoreChanges.LEASE.plusSeconds(1));
            assertThat(watcher.current()).as("its lease ran out before the writer stopped waiting").isFalse();
            assertThat(cache.get("alice")).as("so it serves nothing it holds").isNull();
            watcher.close();
        }
    }

    @Test
    void aReadFromBeforeAChangeIsNotHeldOnceTheChangeWasApplied(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            StoreChanges watcher = StoreChanges.watch(db.dataSource(), Clock.systemUTC(), id -> id);
            try {
                CoherentCache<String> cache = new CoherentCache<>(watcher, "user", 100, 64, TEXT);
                long before = watcher.applied();
                long seq = change(db, "user", "alice");
                watcher.appliedHere("user", "alice", seq);
                cache.put("alice", "stale", before, System.nanoTime());
                assertThat(cache.get("alice")).as("read before the change, put after it was applied").isNull();
                cache.put("alice", "fresh", seq, System.nanoTime());
                assertThat(cache.get("alice")).as("read after it").isEqualTo("fresh");
                cache.put("bob", "other", before, System.nanoTime());
                assertThat(cache.get("bob")).as("any read older than a change applied here is not held").isNull();
                cache.put("bob", "other", seq, System.nanoTime());
                assertThat(cache.get("bob")).isEqualTo("other");

                long next = change(db, "user", "alice");
                assertThat(StoreChanges.awaitApplied(db.dataSource(), next)).isTrue();
                assertThat(cache.get("alice")).as("dropped by the poll").isNull();
                assertThat(cache.get("bob")).as("a change to alice says nothing of bob").isEqualTo("other");
            } finally {
                watcher.close();
            }
        }
    }

    /**
     * The writer's own process applies its change at once and hears of it again from its next poll: a row read after
     * the change (between the two) is current, and stays held; a later change still drops it.
     */
    @Test
    void aChangeTheHeldReadAlreadySawDoesNotDropIt(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            StoreChanges watcher = StoreChanges.watch(db.dataSource(), Clock.systemUTC(), id -> id);
            try {
                CoherentCache<String> cache = new CoherentCache<>(watcher, "user", 100, 64, TEXT);
                long seq = change(db, "user", "alice");
                watcher.appliedHere("user", "alice", seq);
                cache.put("alice", "read after the change", seq, System.nanoTime());
                long deadline = System.nanoTime() + StoreChanges.LEASE.toNanos();
                while (watcher.applied() < seq && System.nanoTime() < deadline) Thread.sleep(5);
                assertThat(watcher.applied()).as("the poll heard of the change again").isGreaterThanOrEqualTo(seq);
                assertThat(cache.get("alice")).as("after the poll's second hearing").isEqualTo("read after the change");

                long next = change(db, "user", "alice");
                assertThat(StoreChanges.awaitApplied(db.dataSource(), next)).isTrue();
                assertThat(cache.get("alice")).as("a change after the read drops it").isNull();
            } finally {
                watcher.close();
            }
        }
    }

    /**
     * Threads putting and reading rows of many subjects in few sets (so sets fill, give slots up and share locks)
     * while changes drop some: a read is only ever the subject's own row, whole, and a change applied with no put
     * after it leaves nothing held for its subject.
     */
    @Test
    void concurrentPutsReadsAndChangesNeverMixRows(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            StoreChanges watcher = StoreChanges.watch(db.dataSource(), Clock.systemUTC(), id -> id);
            try {
                CoherentCache<String> cache = new CoherentCache<>(watcher, "user", 256, 48, TEXT);
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
                java.util.List<String> wrong = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
                java.util.List<Thread> threads = new java.util.ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    threads.add(Thread.ofPlatform().start(() -> {
                        var random = java.util.concurrent.ThreadLocalRandom.current();
                        while (!stop.get()) {
                            String subject = "s" + random.nextInt(600);
                            long read = watcher.applied();
                            // a row as long as its subject's number makes it: a torn or shifted row does not parse back
                            cache.put(subject, subject + "|" + "x".repeat(Integer.parseInt(subject.substring(1)) % 30), read, System.nanoTime());
                            String other = "s" + random.nextInt(600);
                            String v = cache.get(other);
                            if (v != null) {
                                reads.incrementAndGet();
                                if (!v.equals(other + "|" + "x".repeat(Integer.parseInt(other.substring(1)) % 30))) wrong.add(other + " -> " + v);
                            }
                        }
                    }));
                }
                for (int i = 0; i < 20; i++) {
                    change(db, "user", "s" + i);
                    Thread.sleep(25);
                }
                stop.set(true);
                for (Thread t : threads) t.join();
                assertThat(wrong).as("only ever the subject's own row, whole").isEmpty();
                assertThat(reads.get()).as("rows were held and read").isGreaterThan(1_000);
                long seq = change(db, "user", "s7");
                assertThat(StoreChanges.awaitApplied(db.dataSource(), seq)).isTrue();
                assertThat(cache.get("s7")).as("dropped by its change").isNull();
            } finally {
                watcher.close();
            }
        }
    }

    /** A process that missed changes already pruned (stalled longer than they are kept) drops everything it holds. */
    @Test
    void changesPrunedBeforeTheyWereSeenDropEverything(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            StoreChanges watcher = StoreChanges.watch(db.dataSource(), Clock.systemUTC(), id -> id);
            try {
                CoherentCache<String> cache = new CoherentCache<>(watcher, "user", 100, 64, TEXT);
                cache.put("alice", "held", watcher.applied(), System.nanoTime());
                cache.put("bob", "held", watcher.applied(), System.nanoTime());
                long pruned = new Jdbc(db.dataSource()).transaction(c -> {
                    long seq = StoreChanges.record(c, "user", "carol", System.currentTimeMillis());
                    Jdbc.update(c, "DELETE FROM store_changes WHERE seq = ?", seq);
                    return seq;
                });
                assertThat(StoreChanges.awaitApplied(db.dataSource(), pruned)).isTrue();
                assertThat(cache.get("alice")).as("nothing held survives a gap").isNull();
                assertThat(cache.get("bob")).isNull();
                assertThat(watcher.applied()).isEqualTo(pruned);
                cache.put("alice", "again", pruned, System.nanoTime());
                assertThat(cache.get("alice")).as("a read after the gap is held").isEqualTo("again");
            } finally {
                watcher.close();
            }
        }
    }
}

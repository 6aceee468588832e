package io.chatpass.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of concurrent writes on SQLite: every one lands, and none waits anywhere near the busy timeout, because
 * writers queue fairly in the process instead of in SQLite's sleeping busy handler.
 */
class SqliteWritesIT {
    @Test
    void aBurstOfConcurrentWritesAllLandInArrivalOrderOfTurns(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> writers = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    go.await();
                    long worst = 0;
                    for (int i = 0; i < 40; i++) {
                        long t0 = System.nanoTime();
                        if (i % 2 == 0) {
                            jdbc.update("INSERT INTO audit_log (id, at, actor, action) VALUES (?, ?, ?, ?)", thread + "-" + i, i, "t", "w");
                        } else {
                            String id = thread + "-" + i;
                            int at = i;
                            jdbc.transaction(c -> Jdbc.update(c, "INSERT INTO audit_log (id, at, actor, action) VALUES (?, ?, ?, ?)",
                                    id, at, "t", "w"));
                        }
                        worst = Math.max(worst, System.nanoTime() - t0);
                    }
                    return worst / 1_000_000;
                }));
            }
            go.countDown();
            long worst = 0;
            for (Future<Long> f : writers) worst = Math.max(worst, f.get());
            assertThat(jdbc.one("SELECT COUNT(*) FROM audit_log", rs -> rs.getLong(1)).orElseThrow()).isEqualTo(64 * 40);
            assertThat(worst).as("slowest single write in ms").isLessThan(SerializedWrites.MAX_WAIT.toMillis());
            System.out.println("64 writers x 40 writes on SQLite: slowest write " + worst + " ms");
        }
    }
}

package io.chatpass.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.users.SiteUsers;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL killed with SIGKILL during acknowledged writes: every write the store acknowledged is there after a restart. */
class PostgresDurabilityIT {
    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String show(Database db, String setting) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNineOfTheDatabase(@TempDir Path dir) throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        try (PostgresServer pg = new PostgresServer(dir.resolve("pgdata"), freePort())) {
            Database db = Database.open(pg.settings());
            // The live settings of Chatpass's own connections, not what was asked for.
            assertThat(show(db, "synchronous_commit")).isEqualTo("on");
            assertThat(show(db, "fsync")).isEqualTo("on");
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String id = "w" + thread + "-" + i;
                        try {
                            users.block(id, "durability", "test");
                            acked.add(id); // acknowledged: the call returned after the commit
                        } catch (StoreException e) {
                            return; // the database is gone
                        }
                    }
                }));
            }
            while (acked.size() < 300) Thread.sleep(10);
            pg.kill9();
            stop.set(true);
            for (Future<?> f : writers) f.get();
            pool.shutdown();
            db.close();

            pg.start();
            try (Database after = Database.open(pg.settings())) {
                SiteUsers again = new SiteUsers(after.dataSource(), Clock.systemUTC());
                List<String> lost = acked.stream().filter(id -> !again.isBlocked(id)).toList();
                assertThat(lost).as("acknowledged writes lost of %d", acked.size()).isEmpty();
            }
        }
    }
}

package io.chatpass.core.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL server of a test's own (not the shared one in {@link Stores}), on a fixed port and data folder, so it
 * can be stopped, killed with SIGKILL and started again with its data. Durability as PostgreSQL ships it:
 * synchronous_commit on (the embedded default turns it off for speed), fsync on.
 */
public final class PostgresServer implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres pg;

    public PostgresServer(Path dataDir, int port) throws IOException {
        this.dataDir = dataDir;
        this.port = port;
        start();
    }

    public void start() throws IOException {
        pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(30)).setRegisterShutdownHook(true).start();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public StoreSettings settings() {
        return StoreSettings.jdbc(jdbcUrl(), "postgres", null);
    }

    /** A clean stop (pg_ctl stop, fast mode): connections are closed by the server. */
    public void stop() throws IOException {
        pg.close();
    }

    /** SIGKILL to the postmaster and every backend: a crash, as a power cut would leave it, but for the disk. */
    public void kill9() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle main = ProcessHandle.of(pid).orElseThrow();
        var children = main.descendants().toList();
        main.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        main.onExit().join();
        for (ProcessHandle c : children) c.onExit().join();
        close(); // releases the embedded server's own lock on the data folder; its stop finds nothing to stop
        Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException | RuntimeException ignored) {
            // already stopped or killed
        }
    }
}

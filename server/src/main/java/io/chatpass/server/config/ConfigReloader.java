package io.chatpass.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Reloads the configuration on SIGHUP and when the config file, or a file it references with {@code ${file:...}},
 * changes. Nothing else counts: a database, a log or any other file written beside the config is ignored. The files
 * are polled (size and modification time, every {@link #POLL_MILLIS}) rather than watched with inotify: a watch is
 * per folder, so with the store beside the config every write woke the watcher (3% of the server's CPU under load).
 * Changes are debounced (a change must hold still for {@link #QUIET_MILLIS}, so an editor's several writes make one
 * reload) and a reload whose files read the same as the last applied ones does nothing. A new file that does not
 * validate is refused: the running configuration stays, and the problems are logged. A valid one is handed to the
 * listener, which swaps what can be swapped at run time.
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);
    static final long POLL_MILLIS = 1000;
    static final long QUIET_MILLIS = 300;

    private final Path file;
    private final ConfigLoader loader;
    private final Consumer<ChatpassConfig> listener;
    private final Thread thread;
    private final AtomicInteger applied = new AtomicInteger();
    private volatile Set<Path> watched;
    private byte[] lastDigest;

    private volatile Runnable refused = () -> { };

    private ConfigReloader(Path file, ConfigLoader loader, Consumer<ChatpassConfig> listener) {
        this.file = file.toAbsolutePath().normalize();
        this.loader = loader;
        this.listener = listener;
        this.watched = ConfigLoader.watchedFiles(this.file);
        this.lastDigest = digest(watched);
        this.thread = Thread.ofPlatform().daemon().name("chatpass-config-watch").start(this::watch);
    }

    public static ConfigReloader start(Path file, ConfigLoader loader, Consumer<ChatpassConfig> listener) throws IOException {
        return start(file, loader, listener, () -> { });
    }

    /** @param refused told of each reload refused (an invalid file: the running configuration is kept) */
    public static ConfigReloader start(Path file, ConfigLoader loader, Consumer<ChatpassConfig> listener, Runnable refused)
            throws IOException {
        if (!Files.isReadable(file)) throw new IOException("cannot read " + file);
        ConfigReloader r = new ConfigReloader(file, loader, listener);
        r.refused = refused;
        Signal.handle(new Signal("HUP"), s -> Thread.ofVirtual().start(r::reload));
        return r;
    }

    /** How many reloads were applied since start (for tests and operators' curiosity). */
    public int appliedCount() {
        return applied.get();
    }

    /** Loads and validates the files again; applies them only when valid. Returns whether they were applied. */
    public synchronized boolean reload() {
        try {
            ChatpassConfig fresh = loader.load(file);
            listener.accept(fresh);
            watched = ConfigLoader.watchedFiles(file);
            lastDigest = digest(watched);
            applied.incrementAndGet();
            log.info("configuration reloaded from {}", file);
            return true;
        } catch (ConfigException e) {
            log.error("configuration reload refused, the running configuration is kept: {}", e.getMessage());
            refused.run();
            return false;
        } catch (RuntimeException e) {
            log.error("configuration reload failed, the running configuration is kept", e);
            refused.run();
            return false;
        }
    }

    /** Reloads only when a watched file's content differs from what was last applied. */
    private synchronized void reloadIfChanged() {
        if (!Files.exists(file)) return;
        if (Arrays.equals(digest(watched), lastDigest)) return;
        reload();
    }

    /** Size and modification time of every watched file: cheap to read, and any write changes it. */
    private List<Object> stamp() {
        List<Object> out = new ArrayList<>();
        for (Path p : watched) {
            try {
                out.add(Files.size(p));
                out.add(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                out.add(-1L);
            }
        }
        return out;
    }

    private void watch() {
        List<Object> last = stamp();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(POLL_MILLIS);
                List<Object> now = stamp();
                if (now.equals(last)) continue;
                // Debounce: wait until the watched files have been still for a moment.
                do {
                    last = now;
                    Thread.sleep(QUIET_MILLIS);
                    now = stamp();
                } while (!now.equals(last));
                reloadIfChanged();
                last = stamp();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] digest(Set<Path> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : files) {
                md.update(p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try {
                    md.update(Files.readAllBytes(p));
                } catch (IOException e) {
                    md.update((byte) 0);
                }
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}

package io.chatpass.server.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Reloads the configuration on SIGHUP and when the config file, or a file it references with {@code ${file:...}},
 * changes. Nothing else counts: a database, a log or any other file written beside the config is ignored. Changes
 * are debounced (an editor's or `cp`'s several writes make one reload) and a reload whose files read the same as the
 * last applied ones does nothing. A new file that does not validate is refused: the running configuration stays, and
 * the problems are logged. A valid one is handed to the listener, which swaps what can be swapped at run time.
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);
    static final long QUIET_MILLIS = 300;

    private final Path file;
    private final ConfigLoader loader;
    private final Consumer<ChatpassConfig> listener;
    private final WatchService watcher;
    private final Thread thread;
    private final AtomicInteger applied = new AtomicInteger();
    private volatile Set<Path> watched;
    private final Map<Path, WatchKey> dirs = new HashMap<>();
    private byte[] lastDigest;

    private ConfigReloader(Path file, ConfigLoader loader, Consumer<ChatpassConfig> listener) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.loader = loader;
        this.listener = listener;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.watched = ConfigLoader.watchedFiles(this.file);
        this.lastDigest = digest(watched);
        registerDirs();
        this.thread = Thread.ofPlatform().daemon().name("chatpass-config-watch").start(this::watch);
    }

    public static ConfigReloader start(Path file, ConfigLoader loader, Consumer<ChatpassConfig> listener) throws IOException {
        ConfigReloader r = new ConfigReloader(file, loader, listener);
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
            registerDirs();
            applied.incrementAndGet();
            log.info("configuration reloaded from {}", file);
            return true;
        } catch (ConfigException e) {
            log.error("configuration reload refused, the running configuration is kept: {}", e.getMessage());
            return false;
        } catch (RuntimeException | IOException e) {
            log.error("configuration reload failed, the running configuration is kept", e);
            return false;
        }
    }

    /** Reloads only when a watched file's content differs from what was last applied. */
    private synchronized void reloadIfChanged() {
        if (!Files.exists(file)) return;
        if (Arrays.equals(digest(watched), lastDigest)) return;
        reload();
    }

    private void registerDirs() throws IOException {
        for (Path p : watched) {
            Path dir = p.getParent();
            if (dir != null && !dirs.containsKey(dir) && Files.isDirectory(dir)) {
                dirs.put(dir, dir.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE));
            }
        }
    }

    private boolean relevant(WatchKey key) {
        boolean any = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                any = true;
            } else if (e.context() instanceof Path name && watched.contains(dir.resolve(name).toAbsolutePath().normalize())) {
                any = true;
            }
        }
        key.reset();
        return any;
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (!relevant(watcher.take())) continue;
                // Debounce: wait until the watched files have been quiet for a moment.
                while (true) {
                    WatchKey more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
                    if (more == null) break;
                    relevant(more);
                }
                reloadIfChanged();
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
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
    public void close() throws IOException {
        thread.interrupt();
        watcher.close();
    }
}

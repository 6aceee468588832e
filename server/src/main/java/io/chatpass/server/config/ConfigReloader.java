package io.chatpass.server.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Reloads the configuration file on SIGHUP and when the file (or a file beside it, such as a secret it
 * references) changes. A new file that does not validate is refused: the running configuration stays, and the
 * problems are logged. A valid one is handed to the listener, which swaps what can be swapped at run time.
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final Path file;
    private final ConfigLoader loader;
    private final Consumer<ChatpassConfig> listener;
    private final WatchService watcher;
    private final Thread thread;

    private ConfigReloader(Path file, ConfigLoader loader, Consumer<ChatpassConfig> listener) throws IOException {
        this.file = file.toAbsolutePath();
        this.loader = loader;
        this.listener = listener;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        this.thread = Thread.ofPlatform().daemon().name("chatpass-config-watch").start(this::watch);
    }

    public static ConfigReloader start(Path file, ConfigLoader loader, Consumer<ChatpassConfig> listener) throws IOException {
        ConfigReloader r = new ConfigReloader(file, loader, listener);
        Signal.handle(new Signal("HUP"), s -> Thread.ofVirtual().start(r::reload));
        return r;
    }

    /** Loads and validates the file again; applies it only when valid. Returns whether it was applied. */
    public synchronized boolean reload() {
        try {
            ChatpassConfig fresh = loader.load(file);
            listener.accept(fresh);
            log.info("configuration reloaded from {}", file);
            return true;
        } catch (ConfigException e) {
            log.error("configuration reload refused, the running configuration is kept: {}", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            log.error("configuration reload failed, the running configuration is kept", e);
            return false;
        }
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.take();
                boolean relevant = !key.pollEvents().isEmpty();
                key.reset();
                if (relevant && Files.exists(file)) {
                    Thread.sleep(200); // let an editor or `cp` finish writing before reading
                    while (true) {
                        WatchKey more = watcher.poll();
                        if (more == null) break;
                        more.pollEvents();
                        more.reset();
                    }
                    reload();
                }
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        watcher.close();
    }
}

package io.chatpass.server.cli;

import io.chatpass.server.App;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.config.ConfigException;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.config.ConfigReloader;
import io.chatpass.server.logging.LogFormat;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server with a configuration file.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    private static final AtomicBoolean running = new AtomicBoolean();

    @Option(names = "--config", required = true, description = "Path to chatpass.yml.")
    Path config;

    @Override
    public Integer call() {
        ChatpassConfig cfg;
        try {
            cfg = ConfigLoader.fromSystem(io.chatpass.server.vendors.VendorRegistry.sections()).load(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return run(cfg, null, ConfigLoader.fromSystem(io.chatpass.server.vendors.VendorRegistry.sections()), config);
    }

    /** Starts the app, logs start-to-ready time, and blocks until SIGTERM or SIGINT; exits 0 after a clean stop. */
    static int run(ChatpassConfig cfg, Runnable onReady, ConfigLoader loader, Path configFile) {
        if (cfg.logging().json()) LogFormat.useJson();
        LogFormat.level(cfg.logging().level());
        App app;
        io.chatpass.server.web.Tracing tracing;
        try {
            tracing = io.chatpass.server.web.Tracing.start(System.getenv());
        } catch (RuntimeException e) {
            System.err.println("chatpass: OTEL_* variables: " + StartFailure.oneLine(e) + "; fix them, or unset them to run without traces");
            return 2;
        }
        try {
            app = App.create(cfg, Clock.systemUTC()).start();
        } catch (RuntimeException e) {
            // One line naming the setting and the fix; the stack trace only at debug level.
            System.err.println(StartFailure.describe(e, cfg));
            log.debug("start failed", e);
            if (tracing != null) tracing.close();
            return 2;
        }
        ConfigReloader reloader;
        try {
            reloader = ConfigReloader.start(configFile, loader, app::reload, app::reloadRefused);
        } catch (java.io.IOException e) {
            log.warn("cannot watch {} for changes; reload with SIGHUP only is unavailable too: {}", configFile, e.getMessage());
            reloader = null;
        }
        cfg.notices().forEach(n -> log.warn("{}", n));
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info("ready in {} ms (JVM start to ready)", System.currentTimeMillis() - jvmStart);
        if (onReady != null) onReady.run();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                try {
                    app.close();
                    if (tracing != null) tracing.close(); // the last spans exported
                } finally {
                    stopped.countDown();
                }
            }
        };
        Signal.handle(new Signal("TERM"), s -> new Thread(stop, "chatpass-stop").start());
        Signal.handle(new Signal("INT"), s -> new Thread(stop, "chatpass-stop").start());
        running.set(true);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.set(false);
        if (reloader != null) reloader.close();
        return 0;
    }

    public static boolean keepsRunning() {
        return running.get();
    }
}

package io.chatpass.server.cli;

import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.config.ConfigException;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.demo.DemoEnvironment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the whole flow offline: embedded store, sandbox login and vendor stand-ins.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:CHATPASS_SERVER_PORT:-8080}",
            description = "Port on 127.0.0.1 (default: CHATPASS_SERVER_PORT, else 8080; now ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir",
            description = "Where the demo keeps its secrets and SQLite file (default: .demo beside the install, or ~/.chatpass/demo "
                    + "when the install folder cannot be written).")
    Path dataDir;

    /** The demo's folder: beside the install (never the current folder), or in the user's home when that is read-only. */
    static Path defaultDir() {
        String home = System.getProperty("chatpass.home");
        if (home != null && java.nio.file.Files.isWritable(Path.of(home))) return Path.of(home).resolve(".demo");
        return Path.of(System.getProperty("user.home")).resolve(".chatpass").resolve("demo");
    }

    /** The file where a running demo says where it answers (removed when it stops). */
    static Path runningFile(Path dir) {
        return dir.resolve("running.url");
    }

    @Override
    public Integer call() {
        Path dir = (dataDir != null ? dataDir : defaultDir()).toAbsolutePath().normalize();
        if (java.nio.file.Files.exists(runningFile(dir))) {
            String where = readQuietly(runningFile(dir));
            if (!where.isEmpty() && answers(where)) {
                System.err.println("chatpass: a demo is already running at " + where + " (data in " + dir + "); open it, or stop "
                        + "that one first (Ctrl-C in its terminal)");
                return 2;
            }
        }
        DemoEnvironment env = new DemoEnvironment(dir);
        Path configFile = env.prepare(port);
        ChatpassConfig cfg;
        ConfigLoader loader = ConfigLoader.forDemo(io.chatpass.server.vendors.VendorRegistry.sections());
        try {
            // The demo's own file only: CHATPASS_ variables meant for a real deployment must not leak into it.
            cfg = loader.load(configFile);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return ServeCommand.run(cfg, () -> {
            String base = "http://127.0.0.1:" + port;
            System.out.println();
            System.out.println("  Chatpass demo is running: open " + base + "/demo/ in a browser");
            System.out.println("  Sign in with any name; open a second browser (or a private window) as the same name to see");
            System.out.println("  the same chat customer and history follow you to another device.");
            System.out.println("  Admin console: " + base + "/admin/ (sign in with the operator token in "
                    + env.dir().resolve("secrets/admin-token") + ")");
            System.out.println("  Health: " + base + "/health/ready   Metrics: " + base + "/metrics");
            System.out.println("  Data and secrets: " + env.dir());
            System.out.println("  Stop with Ctrl-C.");
            System.out.println();
            try {
                java.nio.file.Files.writeString(runningFile(env.dir()), base + "/demo/");
                runningFile(env.dir()).toFile().deleteOnExit();
            } catch (java.io.IOException e) {
                // only the "already running" hint is lost
            }
        }, loader, configFile);
    }

    private static String readQuietly(Path file) {
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Whether a demo answers at this loopback URL now (a stale file from a killed demo does not count). */
    private static boolean answers(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            if (!"127.0.0.1".equals(uri.getHost())) return false;
            var http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(1)).build();
            return http.send(java.net.http.HttpRequest.newBuilder(uri.resolve("/health/live")).timeout(java.time.Duration.ofSeconds(2)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

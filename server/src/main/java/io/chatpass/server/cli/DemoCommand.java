package io.chatpass.server.cli;

import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.config.ConfigException;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.demo.DemoEnvironment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Run the whole flow offline: embedded store, sandbox login and vendor stand-ins.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", description = "Where the demo keeps its secrets and SQLite file (default: .demo in the project folder).")
    Path dataDir;

    @Override
    public Integer call() {
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("chatpass.home", ".")).resolve(".demo");
        DemoEnvironment env = new DemoEnvironment(dir);
        Path configFile = env.prepare(port);
        ChatpassConfig cfg;
        ConfigLoader loader = ConfigLoader.forDemo();
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
            System.out.println("  the same LiveChat customer and history follow you to another device.");
            System.out.println("  Health: " + base + "/health/ready   Metrics: " + base + "/metrics");
            System.out.println("  Data and secrets: " + env.dir() + " (admin token in secrets/admin-token)");
            System.out.println("  Stop with Ctrl-C.");
            System.out.println();
        }, loader, configFile);
    }
}

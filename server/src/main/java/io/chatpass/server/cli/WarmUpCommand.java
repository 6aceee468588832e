package io.chatpass.server.cli;

import io.chatpass.server.App;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.demo.DemoEnvironment;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Starts and stops the demo configuration once on a free loopback port, in a throw-away folder. The launcher runs
 * it right after a build so the JVM's class-data-sharing archive exists before the first real start.
 */
@Command(name = "warm-up", mixinStandardHelpOptions = true, hidden = true, description = "Start and stop once (used by the launcher after a build).")
public final class WarmUpCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("chatpass-warm-up");
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path config = new DemoEnvironment(dir).prepare(port);
            try (App app = App.create(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config), Clock.systemUTC())) {
                app.start();
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

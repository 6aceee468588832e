package io.chatpass.server.cli;

import io.chatpass.server.config.ConfigException;
import io.chatpass.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check-config", mixinStandardHelpOptions = true, description = "Validate a configuration file exactly as `serve` would, without serving.")
public final class CheckConfigCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Path to chatpass.yml.")
    Path config;

    @Override
    public Integer call() {
        try {
            var loaded = ConfigLoader.fromSystem(io.chatpass.server.vendors.VendorRegistry.sections()).load(config);
            System.out.println("configuration OK: " + config);
            loaded.notices().forEach(n -> System.out.println("note: " + n));
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}

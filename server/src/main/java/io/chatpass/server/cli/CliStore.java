package io.chatpass.server.cli;

import io.chatpass.core.store.Database;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.config.ConfigException;
import io.chatpass.server.config.ConfigLoader;
import java.nio.file.Path;

/** For commands that work on the store: load the configuration, open its store, run; a bad configuration is its message and exit 2. */
final class CliStore {
    interface Work {
        Integer run(ChatpassConfig cfg, Database db) throws Exception;
    }

    private CliStore() {
    }

    static Integer run(Path config, Work work) throws Exception {
        ChatpassConfig cfg;
        try {
            cfg = ConfigLoader.fromSystem(io.chatpass.server.vendors.VendorRegistry.sections()).load(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try (Database db = Database.open(cfg.store().settings())) {
            return work.run(cfg, db);
        }
    }
}

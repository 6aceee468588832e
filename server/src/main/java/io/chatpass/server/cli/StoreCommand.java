package io.chatpass.server.cli;

import io.chatpass.core.store.Database;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.server.config.ConfigException;
import io.chatpass.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "store", mixinStandardHelpOptions = true, description = "The store: backup, migrate.",
        subcommands = {StoreCommand.Backup.class, StoreCommand.Migrate.class})
public final class StoreCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "backup", mixinStandardHelpOptions = true, description = "Copy the SQLite store to a new file, consistent even while the server runs.")
    static final class Backup implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "Path to chatpass.yml.")
        Path config;
        @Parameters(index = "0", description = "The backup file to create (must not exist).")
        Path output;

        @Override
        public Integer call() throws Exception {
            StoreSettings settings;
            try {
                settings = ConfigLoader.fromSystem(io.chatpass.server.vendors.VendorRegistry.sections()).load(config).store().settings();
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            if (settings.dialect() != StoreSettings.Dialect.SQLITE) {
                System.err.println("the store is PostgreSQL: back it up with pg_dump (see the README, \"Backup and restore\")");
                return 2;
            }
            if (Files.exists(output)) {
                System.err.println(output + " exists; name a new file");
                return 2;
            }
            Path target = output.toAbsolutePath();
            if (!Files.isDirectory(target.getParent()) || !Files.isWritable(target.getParent())) {
                System.err.println("the folder " + target.getParent() + " does not exist or cannot be written; create it first");
                return 2;
            }
            // VACUUM INTO writes a consistent copy from one read transaction: writers carry on (WAL) meanwhile.
            try (Database db = Database.open(settings); var c = db.dataSource().getConnection(); var ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, target.toString());
                ps.execute();
            }
            try {
                Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            System.out.println("backed up " + settings.sqlitePath() + " to " + target + " (" + Files.size(target) + " bytes)");
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Bring the store's schema up to this version, then exit: once per release, before servers that run with "
                    + "store.migrateOnStart: false (the Helm chart's migration Job).")
    static final class Migrate implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "Path to chatpass.yml.")
        Path config;

        @Override
        public Integer call() throws Exception {
            StoreSettings settings;
            try {
                settings = ConfigLoader.fromSystem(io.chatpass.server.vendors.VendorRegistry.sections()).load(config).store().settings().withMigrateOnStart(true);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            try (Database db = Database.open(settings)) {
                System.out.println("store schema up to date (" + settings.dialect() + ")");
            }
            return 0;
        }
    }
}

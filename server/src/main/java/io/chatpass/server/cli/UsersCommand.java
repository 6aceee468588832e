package io.chatpass.server.cli;

import io.chatpass.core.store.Database;
import io.chatpass.core.users.SiteUsers;
import io.chatpass.server.config.ConfigException;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.web.Requests;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "users", description = "Block, unblock, export or erase site users.",
        subcommands = {UsersCommand.Block.class, UsersCommand.Unblock.class, UsersCommand.Export.class, UsersCommand.Erase.class})
public final class UsersCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: chatpass users block|unblock|export|erase --config FILE ID");
    }

    abstract static class UserAction implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "Path to chatpass.yml.")
        Path config;
        @Parameters(index = "0", description = "The site user id (the login token's subject).")
        String id;

        abstract String act(SiteUsers users);

        /** What the command does, with the whole configuration at hand (export and erase need the keyset). */
        String act(Database db, io.chatpass.server.config.ChatpassConfig cfg) {
            return act(new SiteUsers(db.dataSource(), Clock.systemUTC()));
        }

        /** The audit log's actor for a command-line change: cli and the operating-system user who ran it. */
        static String actor() {
            String who = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._@-]", "_");
            return ("cli:" + who).substring(0, Math.min(64, 4 + who.length()));
        }

        static io.chatpass.core.users.UserAdministration admin(Database db, io.chatpass.server.config.ChatpassConfig cfg) {
            return new io.chatpass.core.users.UserAdministration(db.dataSource(), Clock.systemUTC(),
                    io.chatpass.core.crypto.SecretBox.deriveKey(cfg.store().encryptionKeyset(), "audit-pseudonym/v1"));
        }

        @Override
        public Integer call() {
            if (!Requests.isValidUserId(id)) {
                System.err.println("invalid user id: 1 to 255 characters with no control characters");
                return 2;
            }
            var cfg = ConfigLoader.fromSystem().load(config);
            try (Database db = Database.open(cfg.store().settings())) {
                String out = act(db, cfg);
                if (out == null) return 1;
                System.out.println(out);
                return 0;
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "block", description = "Block a user: every provider route answers 403 user_blocked.")
    static final class Block extends UserAction {
        @Option(names = "--reason", description = "Why (kept in the audit log).")
        String reason;

        @Override
        String act(SiteUsers users) {
            users.block(id, reason, actor());
            return "blocked " + id;
        }
    }

    @Command(name = "unblock", description = "Unblock a user.")
    static final class Unblock extends UserAction {
        @Override
        String act(SiteUsers users) {
            return users.unblock(id, actor()) ? "unblocked " + id : "no such user " + id;
        }
    }

    @Command(name = "export", description = "Print everything held about a user as JSON (never a secret); audited.")
    static final class Export extends UserAction {
        @Override
        String act(SiteUsers users) {
            throw new UnsupportedOperationException();
        }

        @Override
        String act(Database db, io.chatpass.server.config.ChatpassConfig cfg) {
            var admin = admin(db, cfg);
            var out = admin.export(id);
            if (out.isEmpty()) {
                System.err.println("no such user " + id);
                return null;
            }
            admin.record(actor(), "user.export", id, null);
            return io.chatpass.server.web.Json.write(out.get());
        }
    }

    @Command(name = "erase", description = "Erase a user, their vendor identities and cached tokens; the audit log keeps a pseudonym.")
    static final class Erase extends UserAction {
        @Override
        String act(SiteUsers users) {
            throw new UnsupportedOperationException();
        }

        @Override
        String act(Database db, io.chatpass.server.config.ChatpassConfig cfg) {
            if (!admin(db, cfg).erase(id, actor())) {
                System.err.println("no such user " + id);
                return null;
            }
            return "erased " + id + " (the vendors' own copies are not reached: see the README)";
        }
    }
}

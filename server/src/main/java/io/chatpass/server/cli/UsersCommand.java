package io.chatpass.server.cli;

import io.chatpass.core.store.Database;
import io.chatpass.core.users.Pseudonyms;
import io.chatpass.core.users.SiteUsers;
import io.chatpass.core.users.UserAdministration;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.web.Json;
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

        /** What the command does; its output, or null for "no such user" (exit 1). */
        abstract String act(Database db, ChatpassConfig cfg);

        /** The audit log's actor for a command-line change: cli and the operating-system user who ran it. */
        static String actor() {
            String who = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._@-]", "_");
            return ("cli:" + who).substring(0, Math.min(64, 4 + who.length()));
        }

        static SiteUsers users(Database db, ChatpassConfig cfg) {
            return new SiteUsers(db.dataSource(), Clock.systemUTC(), Pseudonyms.forKeyset(cfg.store().encryptionKeyset()));
        }

        static UserAdministration admin(Database db, ChatpassConfig cfg) {
            return UserAdministration.forKeyset(db.dataSource(), Clock.systemUTC(), cfg.store().encryptionKeyset());
        }

        @Override
        public Integer call() throws Exception {
            if (!Requests.isValidUserId(id)) {
                System.err.println("invalid user id: 1 to 255 characters of well-formed Unicode with no control characters");
                return 2;
            }
            return CliStore.run(config, (cfg, db) -> {
                String out = act(db, cfg);
                if (out == null) return 1;
                System.out.println(out);
                return 0;
            });
        }
    }

    @Command(name = "block", description = "Block a user: every provider route answers 403 user_blocked.")
    static final class Block extends UserAction {
        @Option(names = "--reason", description = "Why (kept in the audit log).")
        String reason;

        @Override
        String act(Database db, ChatpassConfig cfg) {
            users(db, cfg).block(id, reason, actor());
            return "blocked " + id;
        }
    }

    @Command(name = "unblock", description = "Unblock a user.")
    static final class Unblock extends UserAction {
        @Override
        String act(Database db, ChatpassConfig cfg) {
            return users(db, cfg).unblock(id, actor()) ? "unblocked " + id : "no such user " + id;
        }
    }

    @Command(name = "export", description = "Print everything held about a user as JSON (never a secret); audited.")
    static final class Export extends UserAction {
        @Override
        String act(Database db, ChatpassConfig cfg) {
            UserAdministration admin = admin(db, cfg);
            var out = admin.export(id);
            if (out.isEmpty()) {
                System.err.println("no such user " + id);
                return null;
            }
            admin.record(actor(), "user.export", id, null);
            return Json.write(out.get());
        }
    }

    @Command(name = "erase", description = "Erase a user, their vendor identities and cached tokens; the audit log keeps a pseudonym.")
    static final class Erase extends UserAction {
        @Override
        String act(Database db, ChatpassConfig cfg) {
            if (!admin(db, cfg).erase(id, actor())) {
                System.err.println("no such user " + id);
                return null;
            }
            return "erased " + id + " (the vendors' own copies are not reached: see the README)";
        }
    }
}

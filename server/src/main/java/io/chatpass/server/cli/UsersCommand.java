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

@Command(name = "users", mixinStandardHelpOptions = true, description = "Find, block, unblock, export or erase site users.",
        subcommands = {UsersCommand.Search.class, UsersCommand.ListUsers.class, UsersCommand.Block.class, UsersCommand.Unblock.class,
                UsersCommand.Export.class, UsersCommand.Erase.class})
public final class UsersCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Users as lines of text: id, email, name, last seen, blocked; then whether there are more. */
    static int print(UserAdministration.Page<io.chatpass.core.users.SiteUserRecord> page) {
        for (var u : page.items()) {
            System.out.println(String.join("\t", u.id(), String.valueOf(u.email()), String.valueOf(u.name()), u.lastSeen().toString(),
                    u.blocked() ? "blocked" : "-"));
        }
        if (page.items().isEmpty()) System.err.println("no users" + (page.page() > 0 ? " on page " + page.page() : ""));
        if (page.more()) System.err.println("more: --page " + (page.page() + 1));
        return 0;
    }

    abstract static class Paged implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "Path to chatpass.yml.")
        Path config;
        @Option(names = "--page", defaultValue = "0", description = "Page, from 0 (default: ${DEFAULT-VALUE}).")
        int page;
        @Option(names = "--size", defaultValue = "50", description = "Users per page, 1 to 200 (default: ${DEFAULT-VALUE}).")
        int size;

        abstract String query();

        @Override
        public Integer call() throws Exception {
            if (page < 0 || size < 1 || size > 200) {
                System.err.println("--page must be 0 or more and --size 1 to 200");
                return 2;
            }
            return CliStore.run(config, (cfg, db) -> print(UserAction.admin(db, cfg).search(query(), page, size)));
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Users whose id is TEXT or whose id or email contains it (case-insensitive), most recently seen first; tab-separated: id, email, name, last seen, blocked.")
    static final class Search extends Paged {
        @Parameters(index = "0", description = "Part of an id or an email.")
        String text;

        @Override
        String query() {
            return text;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every user, most recently seen first, a page at a time; tab-separated: id, email, name, last seen, blocked.")
    static final class ListUsers extends Paged {
        @Override
        String query() {
            return null;
        }
    }

    abstract static class UserAction implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "Path to chatpass.yml.")
        Path config;
        @Parameters(index = "0", description = "The site user id (the login token's subject).")
        String id;

        /** What the command does; its output, or null for "no such user" (said on standard error, exit 2). */
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
            return UserAdministration.forKeyset(db.dataSource(), Clock.systemUTC(), cfg.store().encryptionKeyset(),
                    io.chatpass.server.vendors.VendorRegistry.storedData());
        }

        @Override
        public Integer call() throws Exception {
            if (!Requests.isValidUserId(id)) {
                System.err.println("invalid user id: 1 to 255 characters of well-formed Unicode with no control characters");
                return 2;
            }
            return CliStore.run(config, (cfg, db) -> {
                String out = act(db, cfg);
                if (out == null) return 2;
                System.out.println(out);
                return 0;
            });
        }
    }

    @Command(name = "block", mixinStandardHelpOptions = true, description = "Block a user: every provider route answers 403 user_blocked.")
    static final class Block extends UserAction {
        @Option(names = "--reason", description = "Why (kept in the audit log).")
        String reason;

        @Override
        String act(Database db, ChatpassConfig cfg) {
            SiteUsers users = users(db, cfg);
            boolean seen = users.find(id).isPresent();
            users.block(id, reason, actor());
            return "blocked " + id + (seen ? "" : " (never seen here yet: blocked ahead of a first visit; check the id if you expected a known user)");
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Unblock a user.")
    static final class Unblock extends UserAction {
        @Override
        String act(Database db, ChatpassConfig cfg) {
            if (users(db, cfg).unblock(id, actor())) return "unblocked " + id;
            System.err.println("no such user " + id + " (nothing blocked under this id)");
            return null;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Print everything held about a user as JSON (never a secret); audited.")
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

    @Command(name = "erase", mixinStandardHelpOptions = true, description = "Erase a user, their vendor identities and cached tokens; the audit log keeps a pseudonym.")
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

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

@Command(name = "users", description = "Block or unblock site users.",
        subcommands = {UsersCommand.Block.class, UsersCommand.Unblock.class})
public final class UsersCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: chatpass users block|unblock --config FILE ID");
    }

    abstract static class UserAction implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "Path to chatpass.yml.")
        Path config;
        @Parameters(index = "0", description = "The site user id (the login token's subject).")
        String id;

        abstract String act(SiteUsers users);

        @Override
        public Integer call() {
            if (!Requests.isValidUserId(id)) {
                System.err.println("invalid user id: 1 to 255 characters with no control characters");
                return 2;
            }
            try (Database db = Database.open(ConfigLoader.fromSystem().load(config).store().settings())) {
                System.out.println(act(new SiteUsers(db.dataSource(), Clock.systemUTC())));
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
            users.block(id, reason, "cli");
            return "blocked " + id;
        }
    }

    @Command(name = "unblock", description = "Unblock a user.")
    static final class Unblock extends UserAction {
        @Override
        String act(SiteUsers users) {
            return users.unblock(id, "cli") ? "unblocked " + id : "no such user " + id;
        }
    }
}

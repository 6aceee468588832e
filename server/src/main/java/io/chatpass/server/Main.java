package io.chatpass.server;

import io.chatpass.server.cli.CheckConfigCommand;
import io.chatpass.server.cli.DemoCommand;
import io.chatpass.server.cli.HealthCommand;
import io.chatpass.server.cli.KeysCommand;
import io.chatpass.server.cli.StoreCommand;
import io.chatpass.server.cli.ServeCommand;
import io.chatpass.server.cli.UsersCommand;
import io.chatpass.server.cli.WarmUpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `chatpass` command line. */
@Command(name = "chatpass", mixinStandardHelpOptions = true, version = "chatpass 0.1.0",
        description = "Identity bridge between your site's login and your live-chat widgets.",
        subcommands = {ServeCommand.class, DemoCommand.class, CheckConfigCommand.class, KeysCommand.class,
                UsersCommand.class, StoreCommand.class, HealthCommand.class, WarmUpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0 || !ServeCommand.keepsRunning()) System.exit(code);
    }
}

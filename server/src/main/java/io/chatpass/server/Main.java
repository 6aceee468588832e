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
                UsersCommand.class, StoreCommand.class, HealthCommand.class, WarmUpCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:not ready (health)", "2:refused: a bad configuration, argument or id, an unknown user, "
                + "a store or port that cannot be used; one line on standard error says which and what to do"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Commands other than the servers print their own result: the store's start-up notes would only be noise on
        // standard error, so they log warnings and errors only (serve and demo set the configured level).
        if (args.length == 0 || !java.util.Set.of("serve", "demo", "warm-up").contains(args[0])) {
            io.chatpass.server.logging.LogFormat.level("warn");
        }
        CommandLine cli = new CommandLine(new Main());
        // Anything a command did not answer itself is one line and exit 2, never a stack trace (that goes to the debug log).
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("chatpass " + String.join(" ", parsed.originalArgs().stream().limit(2).toList()) + ": "
                    + io.chatpass.server.cli.StartFailure.oneLine(e));
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", e);
            return 2;
        });
        int code = cli.execute(args);
        if (code != 0 || !ServeCommand.keepsRunning()) System.exit(code);
    }
}

package io.chatpass.server.support;

import java.util.ArrayList;
import java.util.List;

/** Runs the packaged `chatpass` jar as an operator would, without any CHATPASS_ variables of the test's own. */
public final class Cli {
    private Cli() {
    }

    /** An exit code and everything the command printed (stdout and stderr together). */
    public record Run(int exit, String out) {
    }

    public static Run cli(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("chatpass.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CHATPASS_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Run(p.waitFor(), out);
    }
}

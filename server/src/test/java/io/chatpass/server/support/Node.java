package io.chatpass.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Node side of the interop tests (src/test/node: independent checkers on node:crypto, jose and jsonwebtoken
 * from the npm registry). {@code npm ci} runs when its modules are missing; without node the test is skipped
 * loudly, and under CI it fails.
 */
public final class Node {
    public static final Path DIR = Path.of("src/test/node");

    private Node() {
    }

    /** Runs a command in dir with stdin; its output goes to out; true when it exits 0. */
    public static boolean run(Path dir, String stdin, StringBuilder out, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        if (!p.waitFor(120, TimeUnit.SECONDS)) throw new AssertionError("timed out: " + String.join(" ", cmd));
        return p.exitValue() == 0;
    }

    /** Runs one checker script of src/test/node with the JSON input on stdin. */
    public static boolean check(String script, String json, StringBuilder out) throws Exception {
        return run(DIR, json, out, "node", script);
    }

    public static void ensureModules() throws Exception {
        boolean haveNode;
        try {
            haveNode = new ProcessBuilder("node", "--version").start().waitFor() == 0;
        } catch (java.io.IOException e) {
            haveNode = false;
        }
        if (!haveNode && Tools.underCi()) throw new AssertionError("CI=true and the interop tests need node and npm on the PATH");
        if (!haveNode) System.err.println("SKIPPED LOUDLY: the interop tests need node and npm on the PATH");
        assumeTrue(haveNode, "node is not installed");
        if (!Files.isDirectory(DIR.resolve("node_modules/jose"))) {
            StringBuilder out = new StringBuilder();
            assertThat(run(DIR, "", out, "npm", "ci", "--no-audit", "--no-fund")).as(out.toString()).isTrue();
        }
    }
}

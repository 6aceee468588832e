package io.chatpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./chatpass launcher as a user runs it: the heap limit it gives the server, CHATPASS_HEAP, its class-data archive. */
class LauncherIT {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    static String javaCommandLine(Path config, int port, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("chatpass").toString(), "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CHATPASS_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                assertThat(p.isAlive()).as("launcher exited:\n%s", Files.readString(log)).isTrue();
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
                } catch (java.io.IOException notYet) {
                    // still starting (the first start after a build trains the class-data archive first)
                }
                assertThat(System.nanoTime()).as("ready within 120 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            // The launcher execs java: the process it started is the server itself.
            return String.join(" ", p.info().arguments().orElseThrow());
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void theServerGetsA72MiBHeapTheSerialCollectorAndATrimmedCHeapUnlessToldOtherwise(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path config = TestServer.writeConfig(dir, port, "");
        String defaults = javaCommandLine(config, port, Map.of(), dir.resolve("default.log"));
        assertThat(defaults).contains("-Xmx72m").contains("-XX:+UseSerialGC").contains("-Xmn24m").contains("-XX:SurvivorRatio=4")
                .doesNotContain("ParallelGC");
        // The launcher picks this JDK too (JAVA_HOME): from 22 on, freed C heap is handed back every 2 s.
        if (Runtime.version().feature() >= 22) assertThat(defaults).contains("-XX:TrimNativeHeapInterval=2000");
        // CHATPASS_HEAP is the launcher's: the configuration does not take it for a key (it used to refuse the start).
        // The young generation follows the heap (a third of it).
        assertThat(javaCommandLine(config, port, Map.of("CHATPASS_HEAP", "160m"), dir.resolve("set.log"))).contains("-Xmx160m")
                .contains("-Xmn53m").doesNotContain("-Xmx72m");
        assertThat(javaCommandLine(config, port, Map.of("CHATPASS_HEAP", "1g"), dir.resolve("set-g.log"))).contains("-Xmx1g")
                .contains("-Xmn341m");
        // A collector chosen in JAVA_OPTS replaces the launcher's (two collectors would stop the JVM from starting).
        String g1 = javaCommandLine(config, port, Map.of("JAVA_OPTS", "-XX:+UseG1GC"), dir.resolve("g1.log"));
        assertThat(g1).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC").doesNotContain("-Xmn");
    }

    static String run(Path root, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("chatpass").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CHATPASS_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    /**
     * A rebuild can rewrite a library jar (core's) and leave the server jar as it was. The JDK then refuses the whole
     * class-data archive (one jar on its class path changed) and loads every Chatpass class from the jars: a slower
     * start and ~12 MiB more metaspace under load (docs/benchmarks.md). The launcher makes a new archive instead.
     */
    @Test
    void aLibraryJarNewerThanTheClassDataArchiveGetsTheArchiveMadeAgain(@TempDir Path root) throws Exception {
        // A copy of the launcher beside a copy of the built server: no sources there, so it never rebuilds.
        Files.copy(ROOT.resolve("chatpass"), root.resolve("chatpass"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(ROOT.resolve("scripts/lib.sh"), root.resolve("scripts/lib.sh"));
        Path target = Files.createDirectories(root.resolve("server/target/lib"));
        Files.copy(ROOT.resolve("server/target/chatpass-server.jar"), root.resolve("server/target/chatpass-server.jar"));
        Path core = null;
        try (Stream<Path> libs = Files.list(ROOT.resolve("server/target/lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, target.resolve(lib.getFileName()));
                if (lib.getFileName().toString().startsWith("chatpass-core")) core = target.resolve(lib.getFileName());
            }
        }
        assertThat(core).as("core's jar among the server's libraries").isNotNull();
        Path jsa = root.resolve("server/target/chatpass.jsa");
        assertThat(jsa).doesNotExist();

        run(root, Map.of(), "--help");
        assertThat(jsa).as("the first start makes the archive").exists();
        String loaded = run(root, Map.of("JAVA_OPTS", "-Xlog:class+load=info"), "--help");
        assertThat(loaded).as("Chatpass's classes come from the archive").contains("io.chatpass.server.Main source: shared objects file");
        // The archive was trained by serving requests, not only by a start: a class only a login check loads is in it.
        assertThat(run(root, Map.of("JAVA_OPTS", "-Xlog:class+load=info"), "warm-up"))
                .as("a request's classes come from the archive").contains("io.chatpass.core.login.ClaimsJson source: shared objects file");

        // What a rebuild of core alone does: its jar is rewritten (a new time; the JDK checks it), the server jar is not.
        FileTime made = Files.getLastModifiedTime(jsa);
        Files.setLastModifiedTime(core, FileTime.fromMillis(made.toMillis() + 60_000));
        assertArchiveMadeAgainAndUsed(root, jsa, made);
        // A jar whose time is older than the archive's (as a copied jar keeps it) but not the one it was made with.
        made = Files.getLastModifiedTime(jsa);
        Files.setLastModifiedTime(core, FileTime.fromMillis(made.toMillis() - 3_600_000));
        assertArchiveMadeAgainAndUsed(root, jsa, made);
        // Nothing changed: the archive is kept.
        made = Files.getLastModifiedTime(jsa);
        run(root, Map.of(), "--help");
        assertThat(Files.getLastModifiedTime(jsa)).as("the archive is kept while its jars are the same").isEqualTo(made);
    }

    static void assertArchiveMadeAgainAndUsed(Path root, Path jsa, FileTime before) throws Exception {
        Thread.sleep(1_100); // file times in whole seconds on some file systems
        run(root, Map.of(), "--help");
        assertThat(jsa).exists();
        assertThat(Files.getLastModifiedTime(jsa)).as("the archive was made again").isGreaterThan(before);
        String loaded = run(root, Map.of("JAVA_OPTS", "-Xlog:class+load=info"), "--help");
        assertThat(loaded).as("Chatpass's classes come from the new archive, not the jars")
                .contains("io.chatpass.server.Main source: shared objects file").doesNotContain("io.chatpass.server.Main source: jar");
    }
}

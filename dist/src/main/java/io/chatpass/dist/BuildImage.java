package io.chatpass.dist;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the container image as an OCI tar with Jib Core: no Docker daemon, no registry. The base is empty
 * ("scratch"): the image holds a Java runtime made with jlink from the building JDK, the C libraries that runtime
 * links against (found with ldd on the build machine), an /etc/passwd naming the unprivileged user 10001, and the
 * server. It runs as 10001:10001, keeps its data in /var/lib/chatpass and reads /etc/chatpass/chatpass.yml.
 *
 * <p>Arguments: the server's target folder (chatpass-server.jar and lib/), the image tar to write, the version.
 */
public final class BuildImage {
    /** The modules the server needs (jdeps --print-module-deps over the jar and its libraries), and java.xml, java.logging. */
    static final String MODULES = "java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,"
            + "java.net.http,java.rmi,java.security.jgss,java.sql,java.xml,jdk.management,jdk.unsupported";
    static final String USER = "10001:10001";
    static final Instant EPOCH = Instant.ofEpochSecond(1); // reproducible layers

    private BuildImage() {
    }

    public static void main(String[] args) throws Exception {
        Path server = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        String version = args[2];
        Path work = out.resolveSibling("image-root");
        deleteTree(work);
        Files.createDirectories(work);

        Path runtime = work.resolve("opt/java");
        Files.createDirectories(runtime.getParent());
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "jlink").toString(), "--add-modules", MODULES, "--strip-debug",
                "--no-header-files", "--no-man-pages", "--output", runtime.toString()));
        Path system = work.resolve("system");
        for (String lib : sharedLibraries(runtime)) {
            Path target = system.resolve(lib.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(lib).toRealPath(), target); // the real file under the name the runtime asks for
        }
        Path etc = system.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\nchatpass:x:10001:10001:chatpass:/var/lib/chatpass:/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nchatpass:x:10001:\n");
        Path empty = Files.createDirectories(work.resolve("empty"));

        FileEntriesLayer.Builder runtimeLayer = FileEntriesLayer.builder().setName("java-runtime");
        runtimeLayer.addEntryRecursive(runtime, AbsoluteUnixPath.get("/opt/java"), BuildImage::permissions, (s, t) -> EPOCH);
        FileEntriesLayer.Builder systemLayer = FileEntriesLayer.builder().setName("system");
        try (Stream<Path> top = Files.list(system)) { // each top folder (lib, lib64, etc): "/" itself is not an entry
            for (Path dir : top.sorted().toList()) {
                systemLayer.addEntryRecursive(dir, AbsoluteUnixPath.get("/" + dir.getFileName()), BuildImage::permissions, (s, t) -> EPOCH);
            }
        }
        systemLayer.addEntry(empty, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), EPOCH);
        systemLayer.addEntry(empty, AbsoluteUnixPath.get("/var/lib/chatpass"), FilePermissions.fromOctalString("700"), EPOCH, USER);
        systemLayer.addEntry(empty, AbsoluteUnixPath.get("/etc/chatpass"), FilePermissions.fromOctalString("755"), EPOCH);

        FileEntriesLayer.Builder libs = FileEntriesLayer.builder().setName("libraries");
        try (Stream<Path> jars = Files.list(server.resolve("lib"))) {
            for (Path jar : jars.sorted().toList()) {
                libs.addEntry(jar, AbsoluteUnixPath.get("/app/lib/" + jar.getFileName()), FilePermissions.fromOctalString("644"), EPOCH);
            }
        }
        FileEntriesLayer app = FileEntriesLayer.builder().setName("application")
                .addEntry(server.resolve("chatpass-server.jar"), AbsoluteUnixPath.get("/app/chatpass-server.jar"),
                        FilePermissions.fromOctalString("644"), EPOCH)
                .build();

        Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .addFileEntriesLayer(runtimeLayer.build())
                .addFileEntriesLayer(systemLayer.build())
                .addFileEntriesLayer(libs.build())
                .addFileEntriesLayer(app)
                .setUser(USER)
                .setWorkingDirectory(AbsoluteUnixPath.get("/var/lib/chatpass"))
                .setEnvironment(Map.of("PATH", "/opt/java/bin", "JAVA_HOME", "/opt/java", "MALLOC_ARENA_MAX", "2"))
                .setEntrypoint(entrypoint(Runtime.version().feature()))
                .setProgramArguments("serve", "--config", "/etc/chatpass/chatpass.yml")
                .setExposedPorts(Port.tcp(8080), Port.tcp(9090))
                .addLabel("org.opencontainers.image.title", "chatpass")
                .addLabel("org.opencontainers.image.version", version)
                .addLabel("io.chatpass.healthcheck", "chatpass health --url http://127.0.0.1:8080/health/ready")
                .setCreationTime(EPOCH)
                .containerize(Containerizer.to(TarImage.at(out).named("chatpass:" + version)).setToolName("chatpass-dist"));
        System.out.println("image " + out + " (" + Files.size(out) / (1024 * 1024) + " MiB)");
    }

    /**
     * The runtime's command: as the launcher's, for the runtime jlink copied from this JDK (its feature version), with the
     * heap a share of the container's memory limit.
     */
    static List<String> entrypoint(int feature) {
        List<String> command = new ArrayList<>(List.of("/opt/java/bin/java", "--enable-native-access=ALL-UNNAMED"));
        if (feature >= 24) command.add("--sun-misc-unsafe-memory-access=allow"); // protobuf inside Tink
        if (feature >= 22) command.add("-XX:TrimNativeHeapInterval=2000"); // freed C heap back to the system
        command.addAll(List.of("-XX:MaxRAMPercentage=60", "-XX:+UseSerialGC", "-XX:NewRatio=1",
                "-XX:SurvivorRatio=4", "-Djava.io.tmpdir=/tmp", "-jar", "/app/chatpass-server.jar"));
        return command;
    }

    private static FilePermissions permissions(Path source, AbsoluteUnixPath target) {
        return FilePermissions.fromOctalString(Files.isDirectory(source) || Files.isExecutable(source) ? "755" : "644");
    }

    /** Every shared library (and the loader) the runtime's executables and libraries link against, by absolute path. */
    static List<String> sharedLibraries(Path runtime) throws Exception {
        List<Path> objects = new ArrayList<>();
        objects.add(runtime.resolve("bin/java"));
        try (Stream<Path> all = Files.walk(runtime.resolve("lib"))) {
            // AWT's X11, sound and splash-screen libraries are never loaded by a headless server: their X11 and ALSA
            // dependencies stay out of the image.
            all.filter(p -> p.getFileName().toString().endsWith(".so"))
                    .filter(p -> !Set.of("libawt_xawt.so", "libjsound.so", "libsplashscreen.so").contains(p.getFileName().toString()))
                    .forEach(objects::add);
        }
        Pattern dep = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");
        TreeSet<String> libs = new TreeSet<>();
        for (Path o : objects) {
            for (String line : run(List.of("ldd", o.toString())).split("\n")) {
                Matcher m = dep.matcher(line.trim());
                if (m.find() && !m.group(1).startsWith(runtime.toString())) libs.add(m.group(1));
            }
        }
        if (libs.stream().noneMatch(l -> l.contains("libc.so"))) throw new IllegalStateException("ldd found no libc: " + libs);
        return List.copyOf(libs);
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            if (cmd.get(0).equals("ldd") && out.contains("not a dynamic executable")) return "";
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}

package io.chatpass.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.server.vendors.livechat.AccountsStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak (issue 10): the packaged server as its own process on an SQLite file, 64 connections of mixed traffic for
 * ten minutes, every request with a login token never seen before over 20,000 users (Zendesk Chat minting, LiveChat
 * getToken and getFreshToken, /v1/me), while the LiveChat stand-in flaps between healthy, 1.5 s slow and 500. Each
 * minute: answers by status, latency per route, heap after a full GC (jcmd), resident memory and store row counts.
 * Bounded by time and loopback only.
 *
 * <p>Arguments: server jar, seconds (600), connections (64), users (20000).
 */
public final class Soak {
    static final String SECRET = "soak-login-secret-0123456789abcdef-0123456";
    static final String CHAT_SECRET = "soak-zendesk-chat-secret-0123456789abcdef";
    static final int WARM_UP_SECONDS = 30;
    static final java.util.concurrent.atomic.AtomicInteger transportErrors = new java.util.concurrent.atomic.AtomicInteger();

    record Route(String name, String path, boolean post) {
    }

    static final Route[] MIX = {
        new Route("zendesk", "/v1/zendesk/chat/jwt", false), new Route("zendesk", "/v1/zendesk/chat/jwt", false),
        new Route("zendesk", "/v1/zendesk/chat/jwt", false), new Route("zendesk", "/v1/zendesk/chat/jwt", false),
        new Route("zendesk", "/v1/zendesk/chat/jwt", false), new Route("zendesk", "/v1/zendesk/chat/jwt", false),
        new Route("lc-token", "/v1/livechat/token", true), new Route("lc-token", "/v1/livechat/token", true),
        new Route("lc-fresh", "/v1/livechat/token/fresh", true), new Route("me", "/v1/me", false),
    };

    /** Latencies of one minute, per route, in microseconds. */
    static final class Window {
        final Map<String, List<Long>> micros = new ConcurrentHashMap<>();
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

        void add(String route, int status, long us) {
            micros.computeIfAbsent(route, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(us);
            statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int users = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        Path dir = Files.createTempDirectory("chatpass-soak");
        try (AccountsStandIn livechat = new AccountsStandIn()) {
            int port = FreePort.find();
            Files.writeString(dir.resolve("keyset.json"), SecretBox.generateKeyset());
            Files.writeString(dir.resolve("chatpass.yml"), """
                    server: {port: %d}
                    store: {sqlitePath: %s, encryptionKeyset: "${file:keyset.json}"}
                    login:
                      verifiers: [{name: site, preset: xsolla, secret: %s, projectId: soak, emailsVerified: true}]
                    zendesk: {chat: {secret: %s}}
                    livechat: {accountsBaseUrl: "%s", clientId: soak, organizationId: soak-org, redirectUri: "https://shop.example.com/"}
                    """.formatted(port, dir.resolve("chatpass.db"), SECRET, CHAT_SECRET, livechat.baseUrl()));
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
            String opts = System.getenv().getOrDefault("SOAK_JAVA_OPTS", "");
            if (!opts.isBlank()) cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
            cmd.addAll(List.of("-Dchatpass.logLevel=WARN", "-jar", jar.toString(), "serve", "--config", dir.resolve("chatpass.yml").toString()));
            Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            try {
                run(server, port, dir, livechat, seconds, connections, users);
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
            System.out.println("soak: server log and store in " + dir);
        }
    }

    static void run(Process server, int port, Path dir, AccountsStandIn livechat, int seconds, int connections, int users)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitReady(http, base, server);
        MACSigner signer = new MACSigner(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicBoolean stop = new AtomicBoolean();
        Window[] window = {new Window()};
        AtomicBoolean warming = new AtomicBoolean(true);
        Map<Integer, LongAdder> total = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        for (int c = 0; c < connections; c++) {
            pool.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    Route route = MIX[rnd.nextInt(MIX.length)];
                    // The JIT's warm-up runs on users of its own: the measured users are all first visits at minute 1.
                    String user = (warming.get() ? "warm-up-" : "user-") + rnd.nextInt(users);
                    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(route.path())).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + freshToken(signer, user));
                    if (route.post()) b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1; // no answer at all: reported as -1, with the first few reasons
                        if (transportErrors.incrementAndGet() <= 5) System.out.println("soak: transport error: " + e);
                    }
                    if (warming.get()) continue;
                    window[0].add(route.name(), status, (System.nanoTime() - t0) / 1000);
                    total.computeIfAbsent(status, k -> new LongAdder()).increment();
                }
                return null;
            });
        }
        // The stand-in flaps: 20 s healthy, 10 s answering in 1.5 s, 10 s answering 500.
        Thread flapper = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (!stop.get()) {
                    livechat.alwaysFail = false;
                    livechat.delayMillis = 0;
                    Thread.sleep(20_000);
                    livechat.delayMillis = 1_500;
                    Thread.sleep(10_000);
                    livechat.delayMillis = 0;
                    livechat.alwaysFail = true;
                    Thread.sleep(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        System.out.printf("soak: %d s of warm-up on other users (not counted)%n", WARM_UP_SECONDS);
        Thread.sleep(WARM_UP_SECONDS * 1000L);
        warming.set(false);
        window[0] = new Window();
        long pid = server.pid();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Long> heaps = new ArrayList<>();
        List<Long> zendeskP99 = new ArrayList<>();
        int minute = 0;
        System.out.printf("soak: %d s, %d connections, %d users, pid %d%n", seconds, connections, users, pid);
        System.out.println("min | answers by status | p50/p90/p99 ms per route | live heap after full GC MiB | RSS MiB | rows users/identities/leases/audit");
        while (System.nanoTime() < end) {
            long slice = Math.min(60_000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
            Thread.sleep(slice);
            Window w = window[0];
            window[0] = new Window();
            minute++;
            long heap = heapAfterGc(pid);
            heaps.add(heap);
            StringBuilder lat = new StringBuilder();
            for (var e : new TreeMap<>(w.micros).entrySet()) {
                long[] p = percentiles(e.getValue());
                lat.append(String.format("%s %.1f/%.1f/%.1f  ", e.getKey(), p[0] / 1000.0, p[1] / 1000.0, p[2] / 1000.0));
                if (e.getKey().equals("zendesk")) zendeskP99.add(p[2]);
            }
            System.out.printf("%3d | %s | %s| %d | %d | %s%n", minute, counts(w.statuses), lat, heap >> 20, rss(pid) >> 20,
                    rows(dir.resolve("chatpass.db")));
        }
        stop.set(true);
        flapper.interrupt();
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        long worstZendesk = zendeskP99.stream().mapToLong(Long::longValue).max().orElse(0);
        long first = heaps.size() > 2 ? heaps.get(1) : heaps.get(0);
        long last = heaps.get(heaps.size() - 1);
        System.out.printf("soak total: %s%n", counts(total));
        System.out.printf("soak result: 500s=%d, worst minute's Zendesk minting p99 %.1f ms (target < 100), live heap minute 2 -> last: "
                        + "%d -> %d MiB (%+.1f%%, target within 10%%)%n", total.getOrDefault(500, new LongAdder()).sum(), worstZendesk / 1000.0,
                first >> 20, last >> 20, 100.0 * (last - first) / first);
    }

    static String freshToken(MACSigner signer, String user) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://login.xsolla.com").subject(user)
                .claim("email", user + "@example.com").claim("xsolla_login_project_id", "soak")
                .jwtID(Long.toHexString(ThreadLocalRandom.current().nextLong())) // never the same token twice
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(900))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static void awaitReady(HttpClient http, URI base, Process server) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (!server.isAlive()) throw new IllegalStateException("the server exited during start");
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) return;
            } catch (IOException e) {
                // not yet listening
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server not ready in 30 s");
    }

    static long[] percentiles(List<Long> values) {
        long[] v;
        synchronized (values) {
            v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (v.length == 0) return new long[] {0, 0, 0};
        return new long[] {v[(int) (v.length * 0.50)], v[(int) (v.length * 0.90)], v[Math.min(v.length - 1, (int) Math.ceil(v.length * 0.99) - 1)]};
    }

    static String counts(Map<Integer, LongAdder> m) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(m).forEach((k, v) -> b.append(k).append('=').append(v.sum()).append(' '));
        return b.toString().trim();
    }

    /**
     * Live heap of the server process: jcmd GC.class_histogram runs a full GC and sums the objects still reachable
     * (its Total line), so allocation by the ongoing load does not blur the figure.
     */
    static long heapAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        var m = java.util.regex.Pattern.compile("Total\\s+\\d+\\s+(\\d+)").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        return -1;
    }

    static String rows(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1"); Statement s = c.createStatement()) {
            List<String> out = new ArrayList<>();
            for (String t : new String[] {"site_users", "livechat_identities", "livechat_leases", "audit_log"}) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    out.add(Long.toString(rs.getLong(1)));
                }
            }
            return String.join("/", out);
        } catch (Exception e) {
            return "n/a (" + e.getClass().getSimpleName() + ")";
        }
    }
}

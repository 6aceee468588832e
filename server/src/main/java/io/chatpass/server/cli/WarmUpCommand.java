package io.chatpass.server.cli;

import io.chatpass.server.App;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.demo.DemoEnvironment;
import io.chatpass.server.vendors.VendorRegistry;
import io.chatpass.server.web.Routes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Starts the demo configuration on a free loopback port, in a throw-away folder, serves it a few requests of every kind
 * and stops. The launcher runs it right after a build (or an upgrade) so the JVM's class-data-sharing archive, made at
 * the exit of this run, holds the classes a serving process loads, not only those of a start: they then come from the
 * archive rather than the jars (a faster first request, and less metaspace: docs/benchmarks.md).
 */
@Command(name = "warm-up", mixinStandardHelpOptions = true, hidden = true,
        description = "Start, serve a few requests of every kind, and stop (used by the launcher after a build).")
public final class WarmUpCommand implements Callable<Integer> {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** What the warm-up sent: requests per status class (2, 4, 5; 0 when no answer came). */
    public record Served(Map<Integer, Integer> byStatusClass, List<String> serverErrors) {
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("chatpass-warm-up");
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path config = new DemoEnvironment(dir).prepare(port);
            try (App app = App.create(ConfigLoader.forDemo(VendorRegistry.sections()).load(config), Clock.systemUTC())) {
                app.start();
                exercise(app, Files.readString(dir.resolve("secrets/admin-token")).strip());
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Signs in through the demo's sandbox login, then sends each of the app's routes (those without path parameters)
     * a request with the login cookie and the site's origin, one with the token as a bearer, and one with a token that
     * fails verification; then health, metrics and an admin read. Answers are counted, not judged: the point is
     * the classes their paths load.
     */
    public static Served exercise(App app, String adminToken) throws InterruptedException {
        String base = "http://127.0.0.1:" + app.port();
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<String> signIn = send(http, HttpRequest.newBuilder(URI.create(base + "/sandbox/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=Warm+Up")), counts, serverErrors);
            String cookie = signIn == null ? null
                    : signIn.headers().firstValue("set-cookie").map(c -> c.split(";", 2)[0]).orElse(null);
            String token = cookie == null ? null : cookie.substring(cookie.indexOf('=') + 1);
            for (Routes.Route route : app.routes()) {
                if (route.path().contains("{")) continue;
                URI uri = URI.create(base + route.path());
                if (cookie != null) send(http, request(uri, route).header("Cookie", cookie).header("Origin", base), counts, serverErrors);
                if (token != null) send(http, request(uri, route).header("Authorization", "Bearer " + token), counts, serverErrors);
                send(http, request(uri, route).header("Authorization", "Bearer " + (token == null ? "x.y.z" : token + "x")), counts, serverErrors);
            }
            send(http, HttpRequest.newBuilder(URI.create(base + "/no-such-route")), counts, serverErrors);
            send(http, HttpRequest.newBuilder(URI.create(base + "/metrics")), counts, serverErrors);
            send(http, HttpRequest.newBuilder(URI.create(base + "/admin/v1/users?limit=5"))
                    .header("Authorization", "Bearer " + adminToken), counts, serverErrors);
        }
        return new Served(counts, serverErrors);
    }

    private static HttpRequest.Builder request(URI uri, Routes.Route route) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        return "POST".equals(route.method())
                ? b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                : b.GET();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request, Map<Integer, Integer> counts,
                                             List<String> serverErrors) throws InterruptedException {
        HttpRequest r = request.timeout(REQUEST_TIMEOUT).build();
        try {
            HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
            counts.merge(answer.statusCode() / 100, 1, Integer::sum);
            if (answer.statusCode() >= 500) serverErrors.add(r.method() + " " + r.uri().getPath() + " " + answer.statusCode());
            return answer;
        } catch (IOException e) {
            counts.merge(0, 1, Integer::sum);
            serverErrors.add(r.method() + " " + r.uri().getPath() + " " + e);
            return null;
        }
    }
}

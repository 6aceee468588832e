package io.chatpass.server.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A health check for places without curl (the container image): exit 0 when /health/ready answers 200. */
@Command(name = "health", mixinStandardHelpOptions = true, description = "Exit 0 when the server at --url is ready (for container health checks).")
public final class HealthCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080/health/ready", description = "The readiness URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Override
    public Integer call() {
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            System.out.println(url + ": " + r.statusCode());
            return r.statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            System.out.println(url + ": " + e.getClass().getSimpleName());
            return 1;
        }
    }
}

package io.chatpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.support.TestServer;
import io.chatpass.server.support.Tools;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chatpass behind a real nginx (Debian's) on loopback, with TLS and deploy/nginx/chatpass.conf as shipped (names,
 * ports and certificate paths replaced): the client address Chatpass acts on is the visitor's, not the proxy's, a
 * forged X-Forwarded-For is not believed, and the console's cookie and HSTS are those of an https site.
 */
class ReverseProxyIT {
    static final Path NGINX = Path.of("/usr/sbin/nginx");

    @TempDir
    Path dir;

    static String run(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    static int freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    HttpClient client(Path cert, String fromAddress) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("proxy", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).localAddress(InetAddress.getByName(fromAddress))
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void behindNginxWithTlsTheVisitorsAddressIsUsedAndTheCookieIsSecure() throws Exception {
        boolean tools = Files.isExecutable(NGINX) && Files.isExecutable(Path.of("/usr/bin/openssl"));
        if (!tools) {
            if (Tools.underCi()) throw new AssertionError("nginx and openssl are needed (apt-get install nginx openssl)");
            System.err.println("SKIPPED LOUDLY: nginx or openssl is not installed; the reverse-proxy test did not run");
            Assumptions.abort("nginx or openssl missing");
        }
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                "-subj", "/CN=chat.example.test", "-addext", "subjectAltName=IP:127.0.0.2", "-keyout", "key.pem", "-out", "cert.pem");
        try (TestServer chatpass = TestServer.start(Files.createDirectories(dir.resolve("chatpass")), "",
                Map.of("CHATPASS_SERVER_TRUSTEDPROXIES", "127.0.0.1", "CHATPASS_SERVER_PUBLICURL", "https://chat.example.test"))) {
            int port = freePort();
            String shipped = Files.readString(Path.of("../deploy/nginx/chatpass.conf"));
            String site = shipped.substring(0, shipped.indexOf("\nserver {", shipped.indexOf("server {") + 1)) // the TLS server only
                    .replace("listen 443 ssl http2;", "listen 127.0.0.2:" + port + " ssl http2;")
                    .replace("/etc/letsencrypt/live/chat.example.com/fullchain.pem", dir.resolve("cert.pem").toString())
                    .replace("/etc/letsencrypt/live/chat.example.com/privkey.pem", dir.resolve("key.pem").toString())
                    .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + chatpass.app().port());
            assertThat(site).contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;").contains(dir.resolve("cert.pem").toString());
            Path prefix = Files.createDirectories(dir.resolve("nginx"));
            Files.createDirectories(prefix.resolve("logs"));
            Files.writeString(prefix.resolve("site.conf"), site);
            Files.writeString(prefix.resolve("nginx.conf"), """
                    daemon off;
                    master_process off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log warn;
                    events { worker_connections 64; }
                    http {
                        access_log off;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        include %1$s/site.conf;
                    }
                    """.formatted(prefix));
            Process nginx = new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                    "-e", prefix.resolve("logs/error.log").toString()).redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
            try {
                URI base = URI.create("https://127.0.0.2:" + port);
                HttpClient visitor = client(dir.resolve("cert.pem"), "127.0.0.3");
                HttpClient other = client(dir.resolve("cert.pem"), "127.0.0.4");
                HttpResponse<String> live = null;
                for (int i = 0; i < 100 && live == null; i++) {
                    try {
                        live = visitor.send(HttpRequest.newBuilder(base.resolve("/health/live")).build(), HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException e) {
                        if (!nginx.isAlive()) throw new AssertionError("nginx stopped: " + Files.readString(prefix.resolve("logs/error.log")));
                        Thread.sleep(100);
                    }
                }
                assertThat(live).as("nginx answers").isNotNull();
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");

                HttpResponse<String> signedIn = visitor.send(signIn(base, TestServer.ALICE_TOKEN, null), HttpResponse.BodyHandlers.ofString());
                assertThat(signedIn.statusCode()).isEqualTo(303);
                assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HttpOnly")
                        .contains("SameSite=Strict").contains("Path=/admin/");

                // The visitor at 127.0.0.3, forging another address, uses up the allowance of wrong tokens of 127.0.0.3...
                for (int i = 0; i < 10; i++) {
                    assertThat(visitor.send(signIn(base, "guess-" + i, "198.51.100.7"), HttpResponse.BodyHandlers.ofString()).statusCode())
                            .isEqualTo(401);
                }
                assertThat(visitor.send(signIn(base, "guess-x", "198.51.100.8"), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .as("the forged address did not help").isEqualTo(429);
                // ...while another visitor (even one who claims to be 127.0.0.3) keeps theirs: Chatpass saw two addresses,
                // neither of them the proxy's.
                assertThat(other.send(signIn(base, "guess-y", "127.0.0.3"), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(401);
            } finally {
                nginx.destroy();
                nginx.waitFor();
            }
        }
    }

    static HttpRequest signIn(URI base, String token, String forgedForwardedFor) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/admin/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token));
        if (forgedForwardedFor != null) b.header("X-Forwarded-For", forgedForwardedFor);
        return b.build();
    }
}

package io.chatpass.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /v1/me for every verifier kind on one real server, and how each refusal looks to a client. */
class LoginRoutesIT {
    static final String SECRET = "xsolla-project-secret-for-tests-000000000";
    static final String PROJECT = "p-77";
    @TempDir
    static Path dir;
    static TestServer server;
    static HttpServer idp;
    static KeyPair rsa;
    static KeyPair ec;
    static String idpBase;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator rg = KeyPairGenerator.getInstance("RSA");
        rg.initialize(2048);
        rsa = rg.generateKeyPair();
        KeyPairGenerator eg = KeyPairGenerator.getInstance("EC");
        eg.initialize(new ECGenParameterSpec("secp256r1"));
        ec = eg.generateKeyPair();
        Files.writeString(dir.resolve("rs.jwks"), new JWKSet(new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("r1").build()).toString());
        String ecJwks = new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).keyID("e1").build()).toString();

        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idpBase = "http://127.0.0.1:" + idp.getAddress().getPort();
        idp.createContext("/.well-known/openid-configuration", ex -> respond(ex,
                "{\"issuer\":\"" + idpBase + "\",\"jwks_uri\":\"" + idpBase + "/keys\"}"));
        idp.createContext("/keys", ex -> respond(ex, ecJwks));
        idp.start();

        server = TestServer.start(dir, """
                login:
                  verifiers:
                    - name: xsolla
                      preset: xsolla
                      secret: %s
                      projectId: %s
                      userIdPrefix: "x:"
                    - name: corp-rs
                      userIdPrefix: "corp:"
                      preset: jwks
                      jwksFile: %s
                      issuer: https://corp.example
                      audience: [chat]
                      claims: {id: uid}
                    - name: oidc
                      userIdPrefix: "oidc:"
                      preset: oidc
                      issuer: %s
                      audience: [chat]
                      algorithms: [ES256]
                    - name: pomerium
                      userIdPrefix: "pom:"
                      preset: proxy
                      jwksUrl: %s/keys
                      issuer: https://authenticate.example
                      audience: [chat.example]
                """.formatted(SECRET, PROJECT, dir.resolve("rs.jwks"), idpBase, idpBase));
    }

    static void respond(com.sun.net.httpserver.HttpExchange ex, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.stop(0);
    }

    static JWTCreator.Builder xsolla(String sub) {
        return JWT.create().withIssuer("https://login.xsolla.com").withSubject(sub).withClaim("email", sub + "@example.com")
                .withClaim("xsolla_login_project_id", PROJECT).withExpiresAt(Date.from(Instant.now().plusSeconds(600)));
    }

    static String hs(JWTCreator.Builder b) {
        return b.sign(Algorithm.HMAC256(SECRET));
    }

    HttpResponse<String> me(String header, String value) {
        var r = server.request("/v1/me");
        if (header != null) r.header(header, value);
        return server.send(r);
    }

    JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return Json.MAPPER.readTree(r.body());
    }

    JsonNode problem(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("code").asText()).isEqualTo(code);
        return body;
    }

    @Test
    void theSessionCheckIsAlways200AndSaysWhyThereIsNoUsableLogin() throws Exception {
        JsonNode in = ok(server.send(server.request("/v1/session").header("Cookie", "token=" + hs(xsolla("sess")))));
        assertThat(in.get("signedIn").asBoolean()).isTrue();
        assertThat(in.get("id").asText()).isEqualTo("x:sess");
        assertThat(in.size()).as("nothing else of the user").isEqualTo(2);

        JsonNode none = ok(server.send(server.request("/v1/session")));
        assertThat(none.get("signedIn").asBoolean()).isFalse();
        HttpResponse<String> refused = me(null, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(none.get("code").asText()).as("the code /v1/me answers").isEqualTo(Json.MAPPER.readTree(refused.body()).get("code").asText());

        String expired = hs(xsolla("old").withExpiresAt(Date.from(Instant.now().minusSeconds(600))));
        JsonNode old = ok(server.send(server.request("/v1/session").header("Authorization", "Bearer " + expired)));
        assertThat(old.get("signedIn").asBoolean()).isFalse();
        assertThat(old.get("code").asText()).as("the code /v1/me answers")
                .isEqualTo(Json.MAPPER.readTree(me("Authorization", "Bearer " + expired).body()).get("code").asText());
        assertThat(old.toString()).doesNotContain(expired);
    }

    @Test
    void xsollaCookieIsVerified() throws Exception {
        JsonNode me = ok(me("Cookie", "token=" + hs(xsolla("ann"))));
        assertThat(me.get("id").asText()).isEqualTo("x:ann");
        assertThat(me.get("email").asText()).isEqualTo("ann@example.com");
        assertThat(me.get("name").isNull()).as("no name claim, and an unverified email is no name").isTrue();
        assertThat(me.get("emailVerified").isNull()).as("Xsolla tokens say nothing of it").isTrue();
        assertThat(me.get("verifier").asText()).isEqualTo("xsolla");
    }

    @Test
    void bearerWinsOverTheCookie() throws Exception {
        var r = server.send(server.request("/v1/me").header("Cookie", "token=" + hs(xsolla("cookie-user")))
                .header("Authorization", "Bearer " + hs(xsolla("bearer-user"))));
        assertThat(ok(r).get("id").asText()).isEqualTo("x:bearer-user");
    }

    @Test
    void rs256FromAJwksFileIsVerified() throws Exception {
        String t = JWT.create().withIssuer("https://corp.example").withAudience("chat").withClaim("uid", "emp-9")
                .withClaim("name", "Bo").withExpiresAt(Date.from(Instant.now().plusSeconds(600))).withKeyId("r1")
                .sign(Algorithm.RSA256((RSAPublicKey) rsa.getPublic(), (RSAPrivateKey) rsa.getPrivate()));
        JsonNode me = ok(me("Authorization", "Bearer " + t));
        assertThat(me.get("id").asText()).isEqualTo("corp:emp-9");
        assertThat(me.get("name").asText()).isEqualTo("Bo");
        assertThat(me.get("verifier").asText()).isEqualTo("corp-rs");
    }

    @Test
    void oidcDiscoveryIsVerified() throws Exception {
        String t = JWT.create().withIssuer(idpBase).withAudience("chat").withSubject("oidc-user")
                .withExpiresAt(Date.from(Instant.now().plusSeconds(600))).withKeyId("e1")
                .sign(Algorithm.ECDSA256((ECPublicKey) ec.getPublic(), (ECPrivateKey) ec.getPrivate()));
        assertThat(ok(me("Authorization", "Bearer " + t)).get("verifier").asText()).isEqualTo("oidc");
    }

    @Test
    void proxyAssertionIsVerified() throws Exception {
        String t = JWT.create().withIssuer("https://authenticate.example").withAudience("chat.example").withSubject("via-proxy")
                .withExpiresAt(Date.from(Instant.now().plusSeconds(600))).withKeyId("e1")
                .sign(Algorithm.ECDSA256((ECPublicKey) ec.getPublic(), (ECPrivateKey) ec.getPrivate()));
        JsonNode me = ok(me("X-Pomerium-Jwt-Assertion", t));
        assertThat(me.get("id").asText()).isEqualTo("pom:via-proxy");
        assertThat(me.get("verifier").asText()).isEqualTo("pomerium");
    }

    @Test
    void theSameSubjectFromTwoLoginsIsTwoUsers() throws Exception {
        String fromXsolla = hs(xsolla("42"));
        String fromOidc = JWT.create().withIssuer(idpBase).withAudience("chat").withSubject("42")
                .withExpiresAt(Date.from(Instant.now().plusSeconds(600))).withKeyId("e1")
                .sign(Algorithm.ECDSA256((ECPublicKey) ec.getPublic(), (ECPrivateKey) ec.getPrivate()));
        String a = ok(me("Authorization", "Bearer " + fromXsolla)).get("id").asText();
        String b = ok(me("Authorization", "Bearer " + fromOidc)).get("id").asText();
        assertThat(a).isEqualTo("x:42");
        assertThat(b).isEqualTo("oidc:42");
        // Blocking one is not blocking the other: they are two people.
        var block = server.send(server.request("/admin/v1/users/x:42/block").header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(BodyPublishers.noBody()));
        assertThat(block.statusCode()).isEqualTo(204);
        problem(me("Authorization", "Bearer " + fromXsolla), 403, "user_blocked");
        ok(me("Authorization", "Bearer " + fromOidc));
    }

    @Test
    void noTokenIs401Missing() throws Exception {
        problem(me(null, null), 401, "login_token_missing");
    }

    @Test
    void badTokenIs401InvalidWithAGenericDetailAndNothingStored() throws Exception {
        String forged = xsolla("mallory").sign(Algorithm.HMAC256("not-the-project-secret-0000000000000"));
        JsonNode body = problem(me("Authorization", "Bearer " + forged), 401, "login_token_invalid");
        assertThat(body.toString()).doesNotContain(forged).doesNotContainIgnoringCase("signature");
        problem(me("Cookie", "token=garbage"), 401, "login_token_invalid");
        var stored = server.send(server.request("/admin/v1/users/x:mallory").header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
        assertThat(stored.statusCode()).isEqualTo(404);
    }

    @Test
    void missingSubjectIs422NamingTheClaim() throws Exception {
        JsonNode body = problem(me("Authorization", "Bearer " + hs(xsolla(null))), 422, "login_claim_missing");
        assertThat(body.get("detail").asText()).contains("'sub'");
    }

    @Test
    void blockedUserIs403UntilUnblocked() throws Exception {
        String token = hs(xsolla("blocky"));
        ok(me("Authorization", "Bearer " + token));
        String admin = "Bearer " + TestServer.ADMIN_TOKEN;
        var block = server.send(server.request("/admin/v1/users/x:blocky/block").header("Authorization", admin)
                .header("Content-Type", "application/json").POST(BodyPublishers.noBody()));
        assertThat(block.statusCode()).isEqualTo(204);
        problem(me("Authorization", "Bearer " + token), 403, "user_blocked");
        server.send(server.request("/admin/v1/users/x:blocky/unblock").header("Authorization", admin)
                .header("Content-Type", "application/json").POST(BodyPublishers.noBody()));
        ok(me("Authorization", "Bearer " + token));
    }

    @Test
    void verifiedUsersAreRecorded() throws Exception {
        ok(me("Authorization", "Bearer " + hs(xsolla("recorded-user"))));
        var r = server.send(server.request("/admin/v1/users/x:recorded-user").header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).get("email").asText()).isEqualTo("recorded-user@example.com");
    }
}

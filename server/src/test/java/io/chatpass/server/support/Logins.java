package io.chatpass.server.support;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Instant;
import java.util.Date;

/**
 * Login tokens as the site's login (Xsolla Login's shape) issues them, for the server tests: HS256 with the test's
 * login secret, iss https://login.xsolla.com, project p1, ten minutes of life, and an email the login verified unless
 * told otherwise. The YAML that accepts them is {@link #verifierYaml}.
 */
public final class Logins {
    public static final String ISSUER = "https://login.xsolla.com";
    public static final String PROJECT = "p1";

    private final String secret;
    private final JWTCreator.Builder b;

    private Logins(String secret, String sub) {
        this.secret = secret;
        this.b = JWT.create().withIssuer(ISSUER).withSubject(sub).withClaim("xsolla_login_project_id", PROJECT)
                .withExpiresAt(Date.from(Instant.now().plusSeconds(600)));
    }

    /** A login for this user, signed with this secret (add email, name, claims; then {@link #token()}). */
    public static Logins of(String secret, String sub) {
        return new Logins(secret, sub);
    }

    /** The common case: sub@example.com, verified. */
    public static String verified(String secret, String sub) {
        return of(secret, sub).email(sub + "@example.com").token();
    }

    /** The login section accepting these tokens (the xsolla preset, project p1). */
    public static String verifierYaml(String secret) {
        return "login:\n  verifiers:\n    - {name: xsolla, preset: xsolla, secret: " + secret + ", projectId: " + PROJECT + "}\n";
    }

    /** An email the login verified (email_verified: true). */
    public Logins email(String email) {
        b.withClaim("email", email).withClaim("email_verified", true);
        return this;
    }

    /** An email the login did not verify: email_verified false, or no such claim when {@code claim} is null. */
    public Logins unverifiedEmail(String email, Boolean claim) {
        b.withClaim("email", email);
        if (claim != null) b.withClaim("email_verified", claim);
        return this;
    }

    public Logins name(String name) {
        if (name != null) b.withClaim("name", name);
        return this;
    }

    public Logins expiresIn(long seconds) {
        b.withExpiresAt(Date.from(Instant.now().plusSeconds(seconds)));
        return this;
    }

    public String token() {
        return b.sign(Algorithm.HMAC256(secret));
    }
}

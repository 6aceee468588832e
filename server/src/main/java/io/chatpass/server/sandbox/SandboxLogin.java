package io.chatpass.server.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The sandbox's stand-in for the site's own login: issues the login token the way Xsolla Login does (cookie
 * {@code token}, HS256, {@code sub}, {@code email}, {@code name}, {@code iss}, {@code exp}, project id) for any
 * name typed. The same name always gives the same user id, so "Alice" on a second device is the same Alice.
 */
final class SandboxLogin {
    static final String ISSUER = "https://login.xsolla.com";
    static final Duration LIFETIME = Duration.ofHours(24);

    private final MACSigner signer;
    private final String projectId;
    private final String cookieName;
    private final Clock clock;

    SandboxLogin(Secret secret, String projectId, String cookieName, Clock clock) {
        try {
            this.signer = new MACSigner(secret.bytes());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("sandbox.loginSecret must be at least 256 bits");
        }
        this.projectId = projectId;
        this.cookieName = cookieName;
        this.clock = clock;
    }

    static String userId(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return UUID.nameUUIDFromBytes(d).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String emailOf(String name) {
        String slug = name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".").replaceAll("^\\.|\\.$", "");
        return (slug.isEmpty() ? "user" : slug) + "@demo.example";
    }

    String issue(String name) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(userId(name)).claim("email", emailOf(name))
                .claim("email_verified", true).claim("name", name.strip()).claim("username", name.strip())
                .claim("groups", List.of()).claim("xsolla_login_project_id", projectId).claim("type", "sandbox")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    void signIn(Context ctx) {
        String name = ctx.formParam("name");
        if (name == null || name.isBlank() || name.length() > 60 || name.chars().anyMatch(Character::isISOControl)) {
            ctx.redirect("/demo/?error=name");
            return;
        }
        Cookie c = new Cookie(cookieName, issue(name), "/", (int) LIFETIME.toSeconds(), false, true, null, SameSite.LAX);
        ctx.cookie(c);
        ctx.redirect("/demo/");
    }

    void signOut(Context ctx) {
        ctx.removeCookie(cookieName, "/");
        ctx.redirect("/demo/");
    }
}

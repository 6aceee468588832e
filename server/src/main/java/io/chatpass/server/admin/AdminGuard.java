package io.chatpass.server.admin;

import io.chatpass.server.web.ClientIp;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.limits.RateLimits;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Guards /admin/v1/: the bearer token's SHA-256 is compared in constant time with every configured operator's hash,
 * and the matching operator's name is put on the request for the audit log. Without any configured token the admin
 * API does not exist (404), so an unconfigured server offers nothing to probe.
 *
 * <p>Guessing is throttled per client address, for the API and the console's sign-in alike: each attempt takes one of
 * the address's {@link RateLimits#FAILED_ADMIN_ATTEMPTS_PER_MINUTE} before its token is compared, and a right token
 * gives it back, so a burst of parallel guesses gets exactly that many comparisons and then 429.
 */
public final class AdminGuard {
    public static final String OPERATOR = "chatpass.operator";
    private final Map<String, byte[]> operators;
    private final RateLimits limits;

    /**
     * @param operators operator name by token SHA-256; empty to switch admin routes off
     * @param limits    where failed attempts are counted
     */
    public AdminGuard(Map<String, byte[]> operators, RateLimits limits) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        operators.forEach((name, hash) -> copy.put(name, hash.clone()));
        this.operators = copy;
        this.limits = limits;
    }

    public boolean enabled() {
        return !operators.isEmpty();
    }

    /** The operator whose token this is: every hash is compared, so the time taken does not say which matched. */
    public Optional<String> operator(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        byte[] presented = sha256(token.strip());
        String found = null;
        for (var e : operators.entrySet()) {
            if (MessageDigest.isEqual(presented, e.getValue()) && found == null) found = e.getKey();
        }
        return Optional.ofNullable(found);
    }

    /**
     * The operator whose token this is, counted against the client address's allowance of failed attempts.
     *
     * @throws io.chatpass.server.limits.RateLimited when the address has no attempt left this minute
     */
    public Optional<String> authenticate(String token, String clientIp) {
        RateLimits.Attempt attempt = limits.adminAttempt(clientIp);
        Optional<String> who = operator(token);
        if (who.isPresent()) attempt.succeeded();
        return who;
    }

    /** True while this operator is configured with the token whose SHA-256 this is (sessions end when it is not). */
    public boolean holds(String operator, byte[] tokenSha256) {
        byte[] configured = operators.get(operator);
        return configured != null && MessageDigest.isEqual(configured, tokenSha256);
    }

    /** Puts the guard in front of every /admin/ route of this listener (the API checks tokens; the console, sessions). */
    public void install(JavalinConfig c) {
        c.routes.before("/admin/<rest>", this::check);
    }

    void check(Context ctx) {
        if (!enabled()) throw new ProblemException(Problem.notFound("No such route."));
        if (!ctx.path().startsWith("/admin/v1/")) return; // the console checks its own sessions
        String auth = ctx.header("Authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7) : null;
        Optional<String> who = authenticate(token, ClientIp.of(ctx));
        if (who.isEmpty()) {
            throw new ProblemException(401, "admin_token_invalid", "Admin token missing or invalid",
                    "Send Authorization: Bearer <admin token>.");
        }
        ctx.attribute(OPERATOR, who.get());
    }

    /** The operator of this request (set by the guard or by the console's session). */
    public static String operatorOf(Context ctx) {
        String who = ctx.attribute(OPERATOR);
        if (who == null) throw new IllegalStateException("no operator on an admin request");
        return who;
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

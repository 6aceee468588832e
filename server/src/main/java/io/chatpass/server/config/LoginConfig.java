package io.chatpass.server.config;

import io.chatpass.core.login.LoginVerifiers;
import io.chatpass.core.login.VerifierSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** How the site's own login tokens are found and verified. */
public record LoginConfig(String cookieName, Integer leewaySeconds, List<VerifierConfig> verifiers) {
    public static final String DEFAULT_COOKIE = "token";

    public LoginConfig {
        cookieName = Objects.requireNonNullElse(cookieName, DEFAULT_COOKIE);
        leewaySeconds = Objects.requireNonNullElse(leewaySeconds, (int) LoginVerifiers.DEFAULT_LEEWAY.toSeconds());
        verifiers = List.copyOf(Objects.requireNonNullElse(verifiers, List.of()));
    }

    void validate(Problems p) {
        if (!cookieName.matches("[A-Za-z0-9_.-]{1,64}")) {
            p.add("cookieName", "is not a plain cookie name", "use letters, digits, '_', '-' or '.' (Xsolla Login uses 'token')");
        }
        if (leewaySeconds < 0 || leewaySeconds > 300) {
            p.add("leewaySeconds", "must be between 0 and 300, not " + leewaySeconds, "the default 60 suits most clocks");
        }
        Set<String> prefixes = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> issuers = new HashSet<>();
        int unrouted = 0;
        for (int i = 0; i < verifiers.size(); i++) {
            Problems vp = p.under("verifiers[" + i + "]");
            VerifierConfig v = verifiers.get(i);
            if (v == null) {
                vp.add("preset", "is missing", "describe the verifier");
                continue;
            }
            int before = p.count();
            v.validate(vp);
            if (v.name() != null && !names.add(v.name())) vp.add("name", "repeats '" + v.name() + "'", "give each verifier its own name");
            if (verifiers.size() > 1) {
                if (v.userIdPrefix() == null) {
                    vp.add("userIdPrefix", "is missing; with several logins, user \"42\" of one login and \"42\" of another would be one person",
                            "give each verifier its own prefix, e.g. userIdPrefix: '" + (v.name() == null ? "site" : v.name()) + ":'");
                } else if (prefixes.stream().anyMatch(o -> o.startsWith(v.userIdPrefix()) || v.userIdPrefix().startsWith(o))) {
                    vp.add("userIdPrefix", "'" + v.userIdPrefix() + "' repeats or begins another verifier's prefix, so two users could get one id",
                            "give each verifier a prefix that no other begins with, e.g. ending each with ':'");
                } else {
                    prefixes.add(v.userIdPrefix());
                }
            }
            if (p.count() == before) {
                try {
                    VerifierSettings s = v.toSettings();
                    if (s.header() == null && s.issuer() != null && !issuers.add(s.issuer())) {
                        vp.add("issuer", "is shared with another verifier", "tokens are routed by issuer: give each verifier its own");
                    }
                    if (s.header() == null && s.issuer() == null && s.keyIds().isEmpty() && ++unrouted > 1) {
                        vp.add("issuer", "is missing on a second verifier", "with several verifiers, each needs an issuer (or keyIds) to route tokens");
                    }
                } catch (IllegalArgumentException e) {
                    vp.add("preset", e.getMessage(), "fix the verifier's settings");
                }
            }
        }
    }

    public Duration leeway() {
        return Duration.ofSeconds(leewaySeconds);
    }

    public List<VerifierSettings> settings() {
        List<VerifierSettings> out = new ArrayList<>();
        for (VerifierConfig v : verifiers) out.add(v.toSettings());
        return out;
    }
}

package io.chatpass.core.login;

import java.util.Map;

/**
 * A site user proven by a verified login token. Every identity field a provider puts in a vendor token comes from
 * here, never from request parameters.
 *
 * @param verifier the name of the verifier that accepted the token
 * @param claims   every claim of the verified token (for providers that map extra attributes)
 */
public record SiteUser(String id, String email, String name, Boolean emailVerified, String verifier,
                       Map<String, Object> claims) {
    public SiteUser {
        claims = Map.copyOf(claims);
    }
}

package io.chatpass.core.identity;

import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.upstream.UpstreamException;
import java.util.Map;

/**
 * What one widget vendor's JavaScript is given for a verified site user: exactly the fields it takes, named as the
 * vendor names them, in the order they are documented. Every value comes from the verified login (or is derived
 * from it with a server secret), never from the request.
 */
public interface IdentityIssuer {
    /** The vendor's id, as it appears in routes. */
    String vendor();

    /**
     * @throws LoginFailure     the login lacks a claim this vendor needs (422)
     * @throws UpstreamException the vendor's API was needed and failed
     */
    Map<String, Object> identify(SiteUser user) throws LoginFailure, UpstreamException;
}

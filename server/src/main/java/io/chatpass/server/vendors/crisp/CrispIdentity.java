package io.chatpass.server.vendors.crisp;

import io.chatpass.core.Secret;
import io.chatpass.core.identity.Fields;
import io.chatpass.core.identity.Hmacs;
import io.chatpass.core.identity.IdentityIssuer;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crisp: the email signed with the website's verify secret (agents see it as verified), and {@code token_id} for
 * {@code CRISP_TOKEN_ID}, which gives the user the same conversation on every device. Crisp asks for a token nobody
 * can guess: it is an HMAC-SHA256 of the site user id under Chatpass's own token secret (never the verify secret,
 * which Crisp also holds), 256 bits as hex. It is stable for the user as long as that secret is kept.
 */
public final class CrispIdentity implements IdentityIssuer {
    private static final String TOKEN_CONTEXT = "chatpass/crisp/token_id/v1:";
    private final SecretKeySpec verify;
    private final SecretKeySpec tokenIds;

    public CrispIdentity(Secret verifySecret, Secret tokenIdSecret) {
        if (!tokenIdSecret.isStrongHmacKey()) throw new IllegalArgumentException("the Crisp token id secret needs at least 256 bits");
        if (tokenIdSecret.equals(verifySecret)) throw new IllegalArgumentException("the Crisp token id secret must not be the verify secret");
        this.verify = Hmacs.key(verifySecret);
        this.tokenIds = Hmacs.key(tokenIdSecret);
    }

    @Override
    public String vendor() {
        return "crisp";
    }

    @Override
    public Map<String, Object> identify(SiteUser user) throws LoginFailure {
        String email = Fields.email(user, "crisp", true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("email", email);
        out.put("signature", Hmacs.hex(verify, email));
        String name = Fields.name(user);
        if (name != null) out.put("nickname", name);
        out.put("token_id", tokenId(user.id()));
        return out;
    }

    String tokenId(String siteUserId) {
        return Hmacs.hex(tokenIds, TOKEN_CONTEXT + siteUserId);
    }
}

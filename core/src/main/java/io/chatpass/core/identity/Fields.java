package io.chatpass.core.identity;

import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.login.IdentityText;

/**
 * The identity values the widgets get, read from the verified user's identity model ({@link SiteUser}). The email is
 * passed on exactly as the login gives it (no case folding, no trimming): the vendors compare the signed string byte
 * for byte, and none documents a normalisation. Only a verified email is ever given.
 */
public final class Fields {
    private Fields() {
    }

    /**
     * @param required the vendor signs the email or keys its conversations on it: a missing or unverified email is a
     *                 refusal (422); otherwise an unverified email is left out
     */
    public static String email(SiteUser user, String vendor, boolean required) throws LoginFailure {
        return required ? user.requireVerifiedEmail(vendor) : user.verifiedEmail();
    }

    /** The display name: control characters removed, at most 255 code points; null when the login has none. */
    public static String name(SiteUser user) {
        return clean(user.displayName());
    }

    /** A name as the widgets get it (see {@link #name}); null for null, blank or nothing left after cleaning. */
    public static String clean(String name) {
        if (name == null) return null;
        String clean = IdentityText.cleanName(name);
        return clean.isEmpty() ? null : clean;
    }
}

package io.chatpass.core.widgets;

import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.zendesk.ZendeskIdentity;

/**
 * The identity values the widgets get, read from the verified user. The email is passed on exactly as the login
 * gives it (no case folding, no trimming): the vendors compare the signed string byte for byte, and none documents a
 * normalisation. An email that could not be one (control characters, no '@', over 254 characters) is refused.
 */
final class Fields {
    static final int MAX_EMAIL = 254;

    private Fields() {
    }

    static String email(SiteUser user, String vendor, boolean required) throws LoginFailure {
        String email = user.email();
        if (email == null || email.isEmpty()) {
            if (required) throw new LoginFailure(LoginFailure.Kind.CLAIM_MISSING, "email", vendor + ": the login has no email, which it signs");
            return null;
        }
        int at = email.lastIndexOf('@');
        if (email.length() > MAX_EMAIL || at <= 0 || at == email.length() - 1 || email.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new LoginFailure(LoginFailure.Kind.CLAIM_INVALID, "email", vendor + ": the login's email is not an address");
        }
        return email;
    }

    /** The display name: control characters removed, at most 255 code points; null when the login has none. */
    static String name(SiteUser user) {
        return clean(user.name());
    }

    /** A name as the widgets get it (see {@link #name}); null for null, blank or nothing left after cleaning. */
    static String clean(String name) {
        if (name == null) return null;
        String clean = ZendeskIdentity.cleanName(name);
        return clean.isEmpty() ? null : clean;
    }
}

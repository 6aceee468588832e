package io.chatpass.core.zendesk;

import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.net.IDN;
import java.util.Locale;

/**
 * The identity fields Zendesk receives, decided once for both products:
 * <ul>
 *   <li>{@code external_id} is the site user's id unchanged (it must never change once set, and the visitor
 *       look-up links on it);</li>
 *   <li>{@code email}: an internationalised domain is sent in its ASCII (punycode) form; a non-ASCII local part is
 *       refused (422 login_claim_invalid), since Zendesk documents no support for it and a silently altered
 *       address would identify someone else; the domain is lower-cased;</li>
 *   <li>{@code name}: control characters removed, cut to {@link #MAX_NAME} code points; falls back to the email.</li>
 * </ul>
 */
public record ZendeskIdentity(String externalId, String email, String name) {
    public static final int MAX_NAME = 255;

    public static ZendeskIdentity of(SiteUser user, boolean emailRequired) throws LoginFailure {
        String email = user.email() == null ? null : asciiEmail(user.email());
        if (email == null && emailRequired) {
            throw new LoginFailure(LoginFailure.Kind.CLAIM_MISSING, "email", "zendesk: the login has no email, which Zendesk Chat needs");
        }
        String name = user.name() == null ? email : cleanName(user.name());
        return new ZendeskIdentity(user.id(), email, name);
    }

    static String asciiEmail(String email) throws LoginFailure {
        int at = email.lastIndexOf('@');
        String local = email.substring(0, at);
        if (!local.chars().allMatch(c -> c < 128)) {
            throw new LoginFailure(LoginFailure.Kind.CLAIM_INVALID, "email", "zendesk: non-ASCII local part in email");
        }
        try {
            return local + "@" + IDN.toASCII(email.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new LoginFailure(LoginFailure.Kind.CLAIM_INVALID, "email", "zendesk: email domain cannot be made ASCII");
        }
    }

    static String cleanName(String name) {
        String clean = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.codePointCount(0, clean.length()) > MAX_NAME) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, MAX_NAME));
        }
        return clean;
    }
}

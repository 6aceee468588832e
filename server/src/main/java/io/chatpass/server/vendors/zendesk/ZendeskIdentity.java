package io.chatpass.server.vendors.zendesk;

import io.chatpass.core.login.IdentityText;
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
 *   <li>{@code email}: Zendesk Chat only gets a verified one (its token identifies the visitor by it); Messaging gets
 *       the login's email with {@code email_verified} saying whether the login verified it;</li>
 *   <li>{@code name}: control characters and unpaired surrogates removed, cut to {@link #MAX_NAME} code points; falls
 *       back to the email.</li>
 * </ul>
 */
public record ZendeskIdentity(String externalId, String email, String name) {
    public static final int MAX_NAME = IdentityText.MAX_NAME_LENGTH;

    /**
     * @param chat for Zendesk Chat, whose token names the visitor by the email (required, and so verified); Messaging
     *             gets the login's email with its verified flag beside it
     */
    public static ZendeskIdentity of(SiteUser user, boolean chat) throws LoginFailure {
        String raw = chat ? user.requireVerifiedEmail("zendesk") : user.email();
        String email = raw == null ? null : asciiEmail(raw);
        String name = user.name() == null ? email : cleanName(user.name());
        return new ZendeskIdentity(user.id(), email, name);
    }

    static String asciiEmail(String email) throws LoginFailure {
        if (isPlainAscii(email)) {
            int at = email.lastIndexOf('@');
            String domain = email.substring(at + 1);
            return needsLowerCase(domain) ? email.substring(0, at + 1) + domain.toLowerCase(Locale.ROOT) : email;
        }
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

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || c < 32 || c == 127) return false;
        }
        return true;
    }

    private static boolean needsLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') return true;
        }
        return false;
    }

    /** @see IdentityText#cleanName */
    public static String cleanName(String name) {
        return IdentityText.cleanName(name);
    }
}

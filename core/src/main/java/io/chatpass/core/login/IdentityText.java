package io.chatpass.core.login;

/**
 * The one rule for the text that names a site user: a user id or an email is well-formed Unicode (no unpaired
 * surrogate) without control or line-separator characters. Everything Chatpass derives from a user (a vendor's
 * customer, a token id, an HMAC a vendor checks) is computed over the UTF-8 bytes of these values, and an
 * unpaired surrogate has no UTF-8 form: Java writes it as '?', so {@code "\ud800v"} and {@code "?v"} would become one
 * person. Such values are refused when the login token is mapped, before anything is derived from them.
 */
public final class IdentityText {
    public static final int MAX_ID_LENGTH = 255;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_NAME_LENGTH = 255;

    private IdentityText() {
    }

    /** True when every character is a valid Unicode scalar (surrogates only in pairs) and none is a control or line separator. */
    public static boolean isWellFormed(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') return false;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A usable site user id: 1 to {@link #MAX_ID_LENGTH} characters, well-formed. */
    public static boolean isUserId(String s) {
        return s != null && !s.isEmpty() && s.length() <= MAX_ID_LENGTH && isWellFormed(s);
    }

    /**
     * A plausible email address: well-formed, at most {@link #MAX_EMAIL_LENGTH} characters, no white space, one '@'
     * with something before it, and a domain with a dot that neither starts nor ends it. The address is not
     * normalised: vendors compare the signed string byte for byte.
     */
    public static boolean isEmail(String s) {
        if (s == null || s.length() > MAX_EMAIL_LENGTH || !isWellFormed(s)) return false;
        int at = s.indexOf('@');
        if (at <= 0 || at != s.lastIndexOf('@')) return false;
        int dot = s.indexOf('.', at + 2);
        if (dot < 0 || dot == s.length() - 1) return false;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return false;
        }
        return true;
    }

    /**
     * A display name as vendors get it: control and line-separator characters and unpaired surrogates removed, white
     * space at the ends stripped, at most {@link #MAX_NAME_LENGTH_LENGTH} code points. Names are shown, never vouched for.
     */
    public static String cleanName(String name) {
        // the common case, checked without allocating: already clean and short enough
        if (name.length() <= MAX_NAME_LENGTH && !name.isEmpty() && isWellFormed(name)
                && !Character.isWhitespace(name.charAt(0)) && !Character.isWhitespace(name.charAt(name.length() - 1))) {
            return name;
        }
        // codePoints() yields an unpaired surrogate as a code point of its own: it has no UTF-8 form, so it goes too
        String clean = name.codePoints().filter(c -> !Character.isISOControl(c) && (c < 0xD800 || c > 0xDFFF)
                        && c != '\u2028' && c != '\u2029')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.codePointCount(0, clean.length()) > MAX_NAME_LENGTH) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, MAX_NAME_LENGTH));
        }
        return clean;
    }
}

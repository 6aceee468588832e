package io.chatpass.core;

/**
 * Makes an untrusted string safe for one log line: CR, LF and every other control character (and the Unicode line
 * and paragraph separators) become visible escapes such as {@code \n} or {@code \u001b}, so nothing a client
 * sends can start a line of its own or drive a terminal; a very long value is cut.
 */
public final class LogSafe {
    public static final int MAX_LENGTH = 2000;

    private LogSafe() {
    }

    public static String clean(String s) {
        if (s == null) return null;
        int n = Math.min(s.length(), MAX_LENGTH);
        int i = 0;
        while (i < n && !unsafe(s.charAt(i))) i++;
        if (i == n && n == s.length()) return s;
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!unsafe(c)) b.append(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else b.append(String.format("\\u%04x", (int) c));
        }
        if (s.length() > MAX_LENGTH) b.append("...(cut)");
        return b.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085';
    }
}

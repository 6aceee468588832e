package io.chatpass.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A set of IP addresses and CIDR ranges (IPv4 and IPv6), parsed from literals only: a host name is refused, so
 * nothing here ever does a DNS lookup.
 */
public final class IpRanges {
    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] a) {
            if (a.length != network.length) return false;
            int full = prefix / 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private IpRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    public static IpRanges of(List<String> specs) {
        return new IpRanges(specs.stream().map(IpRanges::parse).toList());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** True only for an IP literal in 127.0.0.0/8 or ::1 (or ::ffff:127.x); a name is never loopback here. */
    public static boolean isLoopbackLiteral(String text) {
        byte[] a = literal(text);
        if (a == null) return false;
        if (a.length == 4) return a[0] == 127;
        for (int i = 0; i < 15; i++) if (a[i] != 0) return false;
        return a[15] == 1;
    }

    /** True when the literal address is in one of the ranges; false for anything that is not an IP literal. */
    public boolean contains(String address) {
        byte[] a = literal(address);
        if (a == null) return false;
        for (Range r : ranges) if (r.contains(a)) return true;
        return false;
    }

    /** Parses {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code ::1} or {@code fd00::/8}. */
    static Range parse(String spec) {
        String s = spec.strip();
        int slash = s.indexOf('/');
        byte[] a = literal(slash < 0 ? s : s.substring(0, slash));
        if (a == null) throw new IllegalArgumentException("not an IP literal: " + spec);
        int prefix = a.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length: " + spec);
            }
            if (prefix < 0 || prefix > a.length * 8) throw new IllegalArgumentException("bad prefix length: " + spec);
        }
        return new Range(a, prefix);
    }

    /** Checks that the spec parses (for configuration validation). */
    public static void validate(String spec) {
        parse(spec);
    }

    /** The address bytes of an IPv4 or IPv6 literal, or null when the text is not one (no lookup is ever made). */
    public static byte[] literal(String text) {
        if (text == null || text.isEmpty()) return null;
        String h = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        // Every /v1/ request passes here (rate limits): a hand-rolled dotted-quad parse, no regex compiled per call.
        byte[] v4 = dottedQuad(h);
        if (v4 != null) return v4;
        if (h.indexOf(':') < 0 || !V6_CHARS.matcher(h).matches()) return null;
        try {
            byte[] b = InetAddress.getByName(h).getAddress(); // a literal with ':' is parsed, never looked up
            if (b.length == 16 && isMappedV4(b)) return new byte[] {b[12], b[13], b[14], b[15]};
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static final java.util.regex.Pattern V6_CHARS = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");

    /** The four bytes of {@code a.b.c.d} (each 0-255, at most three digits), or null. */
    private static byte[] dottedQuad(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) return null;
                value = value * 10 + (c - '0');
            } else if (c == '.' && digits > 0 && part < 3) {
                if (value > 255) return null;
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0 || value > 255) return null;
        out[3] = (byte) value;
        return out;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}

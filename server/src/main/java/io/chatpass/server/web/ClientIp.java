package io.chatpass.server.web;

import io.chatpass.core.IpRanges;
import io.javalin.http.Context;

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy ({@code server.trustedProxies}), in which
 * case X-Forwarded-For is read from the right, skipping trusted hops; the first untrusted address is the client.
 * Entries that are not IP literals end the walk (they are not believed).
 */
public final class ClientIp {
    static final String ATTRIBUTE = "chatpass.clientIp";

    private ClientIp() {
    }

    static String resolve(Exchange x, IpRanges trusted) {
        String peer = x.remoteAddress();
        if (trusted.isEmpty() || !trusted.contains(peer)) return peer;
        String xff = x.header("X-Forwarded-For");
        if (xff == null || xff.isBlank()) return peer;
        String[] hops = xff.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (IpRanges.literal(hop) == null) break;
            client = hop;
            if (!trusted.contains(hop)) break;
        }
        return client;
    }

    /** The address the web layer resolved for this request. */
    public static String of(Context ctx) {
        String ip = ctx.attribute(ATTRIBUTE);
        return ip != null ? ip : ctx.req().getRemoteAddr();
    }

    public static String of(Exchange x) {
        String ip = x.attribute(ATTRIBUTE);
        return ip != null ? ip : x.remoteAddress();
    }
}

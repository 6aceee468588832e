package io.chatpass.server.vendors.livechat;

/** What the broker reports for metrics; the server wires it to its registry. Every method defaults to nothing. */
public interface LiveChatEvents {
    LiveChatEvents NONE = new LiveChatEvents() {
    };

    /** One upstream call ended: ok, transient, identity_lost, rejected or circuit_open. */
    default void upstreamCall(String outcome) {
    }

    /** getToken answered with a stored token, without calling LiveChat. */
    default void cacheHit() {
    }

    /** That stored token was one this process held in memory (no store read); counted with {@link #cacheHit()}. */
    default void heldHit() {
    }

    /** A caller waited for another caller's upstream call instead of making its own. */
    default void coalesced() {
    }

    default void identityCreated() {
    }

    default void identityLost() {
    }

    /** A user was refused an upstream call: over their calls per minute. */
    default void limited() {
    }
}

package io.chatpass.server.config;

import io.chatpass.core.signing.SigningAlgorithm;
import java.util.List;
import java.util.Set;

/**
 * A vendor's section of the configuration, bound from YAML like every other section (unknown keys refused) and
 * validated with it, so that every problem of the file is reported in one run. Implemented by each vendor's
 * settings record, in the vendor's own package.
 */
public interface VendorSettings {
    /** Adds every problem of this section (keys relative to the section). */
    void validate(Problems p);

    /**
     * The vendor's products this section turns on, as configuration keys; by default the section itself (a vendor
     * with several products names each).
     */
    default List<String> productsOn(String section) {
        return List.of(section);
    }

    /**
     * The products configured here that refuse an email the login did not verify (they sign it or key conversations
     * on it): configuration checks warn when a login may not say its emails are verified.
     */
    default List<String> refusingUnverifiedEmail() {
        return List.of();
    }

    /**
     * The algorithms of Chatpass's own signing keys this section signs with (none for a vendor with a shared secret):
     * the server checks at start that a key exists for each (`chatpass keys signing create`), and the demo makes them.
     */
    default Set<SigningAlgorithm> ownKeys() {
        return Set.of();
    }
}

package io.chatpass.server.vendor;

import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.web.Routes;
import java.util.Map;
import java.util.Optional;

/** A started vendor: its routes, its reload, and what operators see of it. */
public interface VendorService {
    /** Registers its routes and glue script, each written once against the web layer's one request type. */
    void install(Routes routes);

    /**
     * Applies reloaded settings (null: the section was removed). True when they took effect at once (new secrets from
     * the next request on); false when they wait for a restart (the caller logs that).
     */
    boolean reload(VendorSettings settings);

    /** Whether it answers now (its section is present). */
    boolean configured();

    /**
     * What /admin/v1/vendors and the console show beyond configured and recent errors: its circuit breaker's state,
     * upstream calls by outcome, the products on. Keys: {@code breaker}, {@code upstreamCalls}, {@code products}.
     */
    default Map<String, Object> state() {
        return Map.of();
    }

    /** An operator's look-up of one of the vendor's records by id (a visitor), when it has one. */
    default Optional<OperatorLookup> lookup() {
        return Optional.empty();
    }
}

package io.chatpass.server.vendor;

import io.chatpass.core.users.UserData;
import io.chatpass.server.config.VendorSection;
import io.chatpass.server.config.VendorSettings;
import java.util.List;

/**
 * A chat vendor, everything Chatpass knows of it in one place: its configuration section, what it takes of the
 * verified site user, its routes and glue script, what it stores per user, what operators see of it, and its
 * stand-in for the offline sandbox. One implementation per vendor, in the vendor's own package
 * ({@code io.chatpass.server.vendors.<id>}), listed once in {@code VendorRegistry}; nothing else names a vendor.
 * How to add one: docs/adding-a-vendor.md.
 *
 * @param <S> the record its configuration section binds to
 */
public interface Vendor<S extends VendorSettings> {
    /** Stable id: in its routes (/v1/ID/...), metric tags, /admin/v1/vendors and the console. Lowercase letters and digits. */
    String id();

    /** Its name as people write it (with its spaces and capitals), for the console. */
    String displayName();

    /** Where its settings sit in chatpass.yml: one top-level key, or {@code widgets.NAME} for a signed-identity widget. */
    String section();

    Class<S> settingsType();

    default VendorSection configSection() {
        return new VendorSection(section(), settingsType());
    }

    /** What it keeps per site user in the store (exports, erasure, counts and key rotation reach it); none by default. */
    default List<UserData> storedData() {
        return List.of();
    }

    /**
     * Starts the vendor: its routes answer from now on. Called for every vendor, configured or not; an unconfigured
     * one ({@code settings} null) answers 404 vendor_not_configured on its routes, or registers none.
     */
    VendorService start(S settings, VendorContext context);

    /** Its side of the contract in the offline sandbox (what the vendor would check), for the demo and the tests. */
    default void sandbox(S settings, SandboxContext context) {
    }

    /** Its section of the demo's configuration, pointing at its sandbox stand-in. */
    DemoSection demo();
}

package io.chatpass.server.vendors;

import io.chatpass.core.users.UserData;
import io.chatpass.server.config.VendorSection;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendors.chatwoot.ChatwootVendor;
import io.chatpass.server.vendors.crisp.CrispVendor;
import io.chatpass.server.vendors.drift.DriftVendor;
import io.chatpass.server.vendors.dynamics365.Dynamics365Vendor;
import io.chatpass.server.vendors.featurebase.FeaturebaseVendor;
import io.chatpass.server.vendors.front.FrontVendor;
import io.chatpass.server.vendors.helpscout.HelpScoutVendor;
import io.chatpass.server.vendors.hubspot.HubSpotVendor;
import io.chatpass.server.vendors.intercom.IntercomVendor;
import io.chatpass.server.vendors.kustomer.KustomerVendor;
import io.chatpass.server.vendors.livechat.LiveChatVendor;
import io.chatpass.server.vendors.salesforce.SalesforceVendor;
import io.chatpass.server.vendors.tawkto.TawktoVendor;
import io.chatpass.server.vendors.zendesk.ZendeskVendor;
import java.util.List;

/**
 * Every vendor Chatpass speaks to, in the order operators see them: the one list of vendors in the code. Adding a
 * vendor is its own package, one line here, and its docs (docs/adding-a-vendor.md).
 */
public final class VendorRegistry {
    private static final List<Vendor<?>> ALL = List.of(
            new LiveChatVendor(),
            new ZendeskVendor(),
            new IntercomVendor(),
            new CrispVendor(),
            new TawktoVendor(),
            new HelpScoutVendor(),
            new ChatwootVendor(),
            new FrontVendor(),
            new DriftVendor(),
            new HubSpotVendor(),
            new SalesforceVendor(),
            new Dynamics365Vendor(),
            new KustomerVendor(),
            new FeaturebaseVendor());

    private VendorRegistry() {
    }

    public static List<Vendor<?>> all() {
        return ALL;
    }

    /** Every vendor's configuration section, for the configuration loader. */
    public static List<VendorSection> sections() {
        return ALL.stream().map(Vendor::configSection).toList();
    }

    /** What every vendor stores per user, for exports, erasure, counts and key rotation. */
    public static List<UserData> storedData() {
        return ALL.stream().flatMap(v -> v.storedData().stream()).toList();
    }
}

package io.chatpass.server.vendors.hubspot;

import io.chatpass.core.users.UserData;
import io.chatpass.server.vendor.DemoSection;
import io.chatpass.server.vendor.IdentityService;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HubSpot chat: a visitor identification token per verified email, created through HubSpot's API with the site's
 * private app token and cached (sealed) in the store until it is due for renewal.
 */
public final class HubSpotVendor implements Vendor<HubSpotConfig> {
    private static final String CALLS = "chatpass.hubspot.calls";

    @Override
    public String id() {
        return "hubspot";
    }

    @Override
    public String displayName() {
        return "HubSpot";
    }

    @Override
    public String section() {
        return "widgets.hubspot";
    }

    @Override
    public Class<HubSpotConfig> settingsType() {
        return HubSpotConfig.class;
    }

    @Override
    public List<UserData> storedData() {
        return List.of(HubSpotTokens.DATA);
    }

    @Override
    public VendorService start(HubSpotConfig settings, VendorContext context) {
        MeterRegistry registry = context.registry();
        return IdentityService.start(this, settings, context, s -> new HubSpotTokens(s.settings(), context.dataSource(), context.box(),
                        context.clock(), outcome -> registry.counter(CALLS, "outcome", outcome).increment()))
                .state(() -> Map.of("upstreamCalls", callsByOutcome(registry)));
    }

    /** HubSpot calls by outcome, summed over this process's lifetime. */
    private static Map<String, Long> callsByOutcome(MeterRegistry registry) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Counter c : registry.find(CALLS).counters()) out.merge(String.valueOf(c.getId().getTag("outcome")), (long) c.count(), Long::sum);
        return out;
    }

    @Override
    public void sandbox(HubSpotConfig settings, SandboxContext context) {
        SandboxHubSpot standIn = new SandboxHubSpot(settings, context.clock());
        // HubSpot serves the dated path and the legacy v3 one alike
        context.javalin().routes.post("/sandbox/hubspot/visitor-identification/{version}/tokens/create", standIn::createToken);
        context.checks().kind("hubspot", body -> standIn.issued(body.path("token").asText(), body.path("email").asText()));
    }

    @Override
    public DemoSection demo() {
        return new DemoSection(List.of("hubspot-private-app-token"),
                "{apiRoot: \"{base}/sandbox/hubspot\", privateAppToken: \"${file:secrets/hubspot-private-app-token}\"}");
    }
}

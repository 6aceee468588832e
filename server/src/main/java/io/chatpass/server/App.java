package io.chatpass.server;

import io.chatpass.core.store.Database;
import io.chatpass.core.store.StoreChanges;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.login.LoginVerifiers;
import io.chatpass.server.sandbox.SandboxRoutes;
import io.chatpass.core.users.SiteUserGate;
import io.chatpass.core.users.Pseudonyms;
import io.chatpass.core.users.SiteUsers;
import io.chatpass.server.login.Authenticator;
import io.chatpass.server.login.LoginRoutes;
import io.chatpass.core.signing.SigningKeyStore;
import io.chatpass.core.signing.SigningKeys;
import io.chatpass.server.signing.SigningRoutes;
import io.chatpass.server.admin.AdminConsole;
import io.chatpass.server.admin.AdminOperations;
import io.chatpass.server.admin.AdminRoutes;
import io.chatpass.server.admin.Retention;
import io.chatpass.core.users.UserAdministration;
import io.chatpass.server.web.RecentErrors;
import io.chatpass.server.web.ServerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.admin.AdminGuard;
import io.chatpass.server.web.AccessLog;
import io.chatpass.server.web.Cors;
import io.chatpass.core.IpRanges;
import io.chatpass.server.limits.RateLimits;
import io.chatpass.server.web.SystemRoutes;
import io.chatpass.server.web.WebLayer;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendor.VendorContext;
import io.chatpass.server.vendor.VendorService;
import io.chatpass.server.vendors.VendorRegistry;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the running service from a validated configuration: the one place where parts are wired together.
 * Tests build the same graph with another clock or store.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final ChatpassConfig config;
    private final Database database;
    private final Javalin javalin;
    private final JvmGcMetrics gcMetrics;
    private final List<Started> vendors;
    private final AtomicReference<ChatpassConfig> running;
    private final Retention retention;
    private final Javalin management;
    private final SiteUserGate gate;
    private final AccessLog accessLog;
    private final ServerMetrics metrics;
    private final io.chatpass.server.web.Routes routes;

    /** A vendor of the registry and its running service. */
    private record Started(Vendor<?> vendor, VendorService service) {
        static <S extends VendorSettings> Started start(Vendor<S> v, ChatpassConfig config, VendorContext context) {
            return new Started(v, v.start(config.vendor(v.section(), v.settingsType()), context));
        }
    }

    private App(ChatpassConfig config, AtomicReference<ChatpassConfig> running, Database database, Javalin javalin, Javalin management,
                JvmGcMetrics gc, List<Started> vendors, SiteUserGate gate, AccessLog accessLog, Retention retention, ServerMetrics metrics,
                io.chatpass.server.web.Routes routes) {
        this.routes = routes;
        this.retention = retention;
        this.metrics = metrics;
        this.management = management;
        this.vendors = vendors;
        this.running = running;
        this.gate = gate;
        this.accessLog = accessLog;
        this.config = config;
        this.database = database;
        this.javalin = javalin;
        this.gcMetrics = gc;
    }

    public static App create(ChatpassConfig config, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        ServerMetrics metrics = new ServerMetrics(registry);

        Database database = Database.openForServing(config.store().settings());
        try {
            metrics.pool(database);
            Pseudonyms pseudonyms = Pseudonyms.forKeyset(config.store().encryptionKeyset());
            SiteUsers users = new SiteUsers(database.dataSource(), clock, pseudonyms);
            SiteUserGate gate = new SiteUserGate(users, clock);
            // What this process holds from the store is dropped everywhere before a change's writer returns (blocks,
            // erasures, LiveChat invalidations): the gate reloads the block list at once when it moved.
            StoreChanges changes = StoreChanges.watch(database.dataSource(), clock, pseudonyms::of);
            database.onClose(changes::close);
            changes.on(SiteUsers.BLOCKS_SCOPE, (subject, seq) -> gate.refresh());
            LoginVerifiers verifiers = LoginVerifiers.create(config.login().settings(), config.login().leeway(), clock);
            if (verifiers.isEmpty()) log.warn("no login verifier configured (login.verifiers): every /v1/ route will answer 401");
            var lc = config.limits();
            RateLimits limits = new RateLimits(new RateLimits.Settings(lc.enabled(), lc.perIpPerMinute(), lc.perUserPerMinute(),
                    lc.countLoopback()), registry, clock);
            Authenticator authenticator = new Authenticator(verifiers, gate, config.login().cookieName(), limits);
            Gauge.builder("chatpass.login.remembered.bytes", verifiers, LoginVerifiers::rememberedBytes)
                    .description("Estimated bytes held by the verified-token memory").baseUnit("bytes").register(registry);
            Gauge.builder("chatpass.login.remembered.tokens", verifiers, LoginVerifiers::rememberedTokens)
                    .description("Login tokens held by the verified-token memory").register(registry);

            var server = config.server();
            var allowed = new HashSet<>(server.allowedOrigins());
            AccessLog accessLog = new AccessLog(config.logging().json());
            Gauge.builder("chatpass.access.log.dropped", accessLog, AccessLog::dropped)
                    .description("Access log lines dropped because the writer fell behind").register(registry);
            AdminGuard adminGuard = new AdminGuard(config.admin().operators(), limits);
            RecentErrors errors = new RecentErrors(clock);
            // The admin API and console exist only with an operator token configured, and with a management port only
            // there: elsewhere /admin/ is no route (404).
            boolean separate = server.managementPort() != null;
            java.util.function.BiFunction<Integer, Boolean, WebLayer.Settings> listener = (port, fast) -> new WebLayer.Settings(
                    server.host(), port, server.maxRequestBytes(), server.maxHeaderBytes(), Duration.ofSeconds(server.shutdownSeconds()),
                    server.accessLog(), IpRanges.of(server.trustedProxies()), fast, server.strictTransportSecurity());
            Cors cors = new Cors(allowed, server.selfOrigin());
            WebLayer web = new WebLayer(listener.apply(server.port(), server.fastPath()), cors, registry, limits, database::reportFailure,
                    accessLog);
            // Routes that never wait run on the I/O threads, unless verifying a login can wait on a key fetch, and only
            // while the gate can queue a sighting without writing it in the caller.
            if (!verifiers.fetchesKeys()) web.runOnIoThreadsWhile(gate::admitsWithoutWaiting);
            Gauge.builder("chatpass.sightings.pending", gate.sightings(), io.chatpass.core.users.SightingWriter::pending)
                    .description("Sightings (last-seen times) waiting to be written to the store").register(registry);
            SystemRoutes system = new SystemRoutes(database, registry);
            LoginRoutes login = new LoginRoutes(authenticator);
            SecretBox box = SecretBox.fromKeyset(config.store().encryptionKeyset());
            if (box.keyIds().size() > 1) resealInBackground(database, box);
            SigningKeyStore signingKeyStore = new SigningKeyStore(database.dataSource(), box, clock);
            SigningKeys signingKeys = new SigningKeys(signingKeyStore, clock, SIGNING_KEYS_RELOAD);
            ensureSigningKeys(config, signingKeys, signingKeyStore);
            VendorContext vendorContext = VendorContext.builder().authenticator(authenticator).store(database.dataSource(), box)
                    .metrics(registry, metrics).clock(clock).errors(errors).signingKeys(signingKeys).storeChanges(changes).build();
            List<Started> vendors = new ArrayList<>();
            for (Vendor<?> v : VendorRegistry.all()) vendors.add(Started.start(v, config, vendorContext));
            UserAdministration userAdmin = UserAdministration.forKeyset(database.dataSource(), clock, config.store().encryptionKeyset(),
                    VendorRegistry.storedData());
            AtomicReference<ChatpassConfig> running = new AtomicReference<>(config);
            AdminOperations adminData = new AdminOperations(users, gate, userAdmin, running::get, () -> vendorRows(vendors, errors), displayNames());
            List<AdminRoutes.Lookup> lookups = new ArrayList<>();
            for (Started v : vendors) {
                v.service().lookup().ifPresent(l -> lookups.add(new AdminRoutes.Lookup(v.vendor().id(), v.vendor().displayName(), l)));
            }
            AdminRoutes admin = new AdminRoutes(adminData, lookups, errors);
            Retention retention = new Retention(userAdmin, clock, config.store().auditRetentionDays(), config.sandbox().enabled());
            AdminConsole console = new AdminConsole(adminGuard, adminData, database.dataSource(), clock,
                    Duration.ofMinutes(config.admin().sessionIdleMinutes()), Duration.ofHours(config.admin().sessionMaxHours()),
                    server.publicUrl() != null && server.publicUrl().startsWith("https://"));
            SigningRoutes signing = new SigningRoutes(signingKeys);
            SandboxRoutes sandbox = config.sandbox().enabled()
                    ? new SandboxRoutes(config, VendorRegistry.all(), database.dataSource(), clock, signingKeys) : null;
            Javalin javalin = Javalin.create(c -> {
                web.install(c);
                system.install(c, web.routes(), separate);
                if (!separate && adminGuard.enabled()) {
                    adminGuard.install(c);
                    admin.install(c);
                    console.install(c);
                }
                login.install(web.routes());
                signing.install(web.routes());
                for (Started v : vendors) v.service().install(web.routes());
                if (sandbox != null) sandbox.install(c);
            });
            Javalin management = !separate ? null : Javalin.create(c -> {
                WebLayer managementWeb = new WebLayer(listener.apply(server.managementPort(), false), cors, registry, limits,
                        database::reportFailure, accessLog);
                managementWeb.install(c);
                system.install(c, managementWeb.routes(), false);
                if (adminGuard.enabled()) {
                    adminGuard.install(c);
                    admin.install(c);
                    console.install(c);
                }
            });
            return new App(config, running, database, javalin, management, gc, List.copyOf(vendors), gate, accessLog, retention, metrics, web.routes());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Every configured vendor that signs with Chatpass's own keys needs a key for its algorithm. The sandbox (the demo)
     * makes a missing one; a real server does not (an operator makes keys with `chatpass keys signing create`, once,
     * and registers the key set with the vendor): it says what is missing, and those vendors answer 503
     * signing_key_missing until the key exists (the running server sees it within {@link #SIGNING_KEYS_RELOAD}).
     */
    private static void ensureSigningKeys(ChatpassConfig config, SigningKeys keys, SigningKeyStore store) {
        for (io.chatpass.core.signing.SigningAlgorithm alg : signingAlgorithmsNeeded(config)) {
            if (keys.hasKey(alg)) continue;
            if (config.sandbox().enabled()) {
                log.info("sandbox: made a {} signing key ({})", alg, store.create(alg, io.chatpass.core.signing.SigningAlgorithm.RSA_BITS[0]).kid());
                keys.reload();
            } else {
                log.warn("no {} signing key: the vendors that use one answer 503 signing_key_missing until an operator runs"
                        + " `chatpass keys signing create --alg {}`", alg, alg);
            }
        }
    }

    /** The algorithms of Chatpass's own keys that the configured vendors sign with (Salesforce, Dynamics 365). */
    public static java.util.Set<io.chatpass.core.signing.SigningAlgorithm> signingAlgorithmsNeeded(ChatpassConfig config) {
        java.util.Set<io.chatpass.core.signing.SigningAlgorithm> needed = new java.util.TreeSet<>();
        for (Vendor<?> v : VendorRegistry.all()) {
            VendorSettings s = config.vendor(v.section(), v.settingsType());
            if (s != null) needed.addAll(s.ownKeys());
        }
        return needed;
    }

    /**
     * After a key rotation: re-seals values still sealed with an older key, in small batches on one virtual thread.
     * Safe beside other processes doing the same (each value is replaced only if unchanged since read).
     */
    private static void resealInBackground(Database database, SecretBox box) {
        Thread.ofVirtual().name("chatpass-reseal").start(() -> {
            try {
                Thread.sleep(2000); // let the server start first
                new io.chatpass.core.store.SealedColumns(database.dataSource(), box,
                        sealedColumns()).resealAll(200, 20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("background re-sealing stopped ({}); `chatpass keys reseal` finishes it", e.getMessage());
            }
        });
    }

    /** Every vendor as the admin API and console show it. */
    private static List<Map<String, Object>> vendorRows(List<Started> vendors, RecentErrors errors) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Started v : vendors) {
            Map<String, Object> state = v.service().state();
            @SuppressWarnings("unchecked")
            Map<String, Long> calls = (Map<String, Long>) state.getOrDefault("upstreamCalls", Map.of());
            Map<String, Object> row = AdminOperations.vendor(v.vendor().id(), v.service().configured(), (String) state.get("breaker"), calls, errors);
            if (state.containsKey("products")) row.put("products", state.get("products"));
            out.add(row);
        }
        return out;
    }

    /** Each vendor's name as people write it, by id. */
    private static Map<String, String> displayNames() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Vendor<?> v : VendorRegistry.all()) out.put(v.id(), v.displayName());
        return out;
    }

    /** Starts listening; on failure (a port in use, say) everything opened is closed again before the exception. */
    public App start() {
        try {
            javalin.start();
            if (management != null) management.start();
        } catch (RuntimeException e) {
            try {
                javalin.stop();
                if (management != null) management.stop();
            } catch (RuntimeException ignored) {
                // already failing
            }
            accessLog.close();
            gcMetrics.close();
            gate.close();
            database.close();
            throw e;
        }
        retention.start();
        metrics.jetty(javalin.jettyServer().server().getThreadPool());
        log.info("listening on http://{}:{}", config.server().host(), port());
        if (management != null) log.info("management (/metrics, /openapi.yaml) on http://{}:{}", config.server().host(), managementPort());
        return this;
    }

    /**
     * Applies a reloaded configuration. Vendor secrets and keys are swapped at once; other sections need a restart
     * and are only reported.
     */
    public void reload(ChatpassConfig fresh) {
        List<String> waiting = new ArrayList<>();
        for (Started v : vendors) {
            if (!v.service().reload(fresh.vendors().get(v.vendor().section()))) waiting.add(v.vendor().section());
        }
        running.set(fresh);
        metrics.reloaded(true);
        if (!fresh.server().equals(config.server())) waiting.add("server");
        if (!fresh.store().settings().equals(config.store().settings())) waiting.add("store");
        if (!fresh.login().equals(config.login())) waiting.add("login");
        if (!fresh.admin().equals(config.admin())) waiting.add("admin");
        if (!fresh.sandbox().equals(config.sandbox())) waiting.add("sandbox");
        if (!waiting.isEmpty()) log.warn("{} settings changed: they take effect at the next restart", String.join(", ", waiting));
        log.info("vendor settings applied ({} configured)", vendors.stream().filter(v -> v.service().configured()).map(v -> v.vendor().id()).toList());
    }

    /** A reload was refused (the file was invalid): counted, the running configuration kept. */
    public void reloadRefused() {
        metrics.reloaded(false);
    }

    /** The configuration in force (the latest accepted reload). */
    public ChatpassConfig config() {
        return running.get();
    }

    /** The management listener's port, or -1 when /metrics and /openapi.yaml are on the main port. */
    public int managementPort() {
        return management == null ? -1 : management.port();
    }

    public int port() {
        return javalin.port();
    }

    /** The main port's routes that features registered through {@link io.chatpass.server.web.Routes}, in order. */
    public List<io.chatpass.server.web.Routes.Route> routes() {
        return routes.registered();
    }

    public Javalin javalin() {
        return javalin;
    }

    /** Stops accepting, lets in-flight requests finish (bounded by server.shutdownSeconds), closes the store. */
    @Override
    public void close() {
        log.info("stopping");
        try {
            javalin.stop();
            if (management != null) management.stop();
        } finally {
            retention.close();
            accessLog.close();
            gcMetrics.close();
            gate.close(); // the last sightings, before the store closes
            database.close();
            log.info("stopped");
        }
    }

    /** How soon a signing key made by the CLI or another process is seen (rotations publish well ahead of this). */
    static final Duration SIGNING_KEYS_RELOAD = Duration.ofSeconds(30);

    /** Every sealed column of the store: the vendors' per-user data and Chatpass's signing keys. Key rotation reaches all. */
    public static java.util.List<io.chatpass.core.store.SealedColumn> sealedColumns() {
        java.util.List<io.chatpass.core.store.SealedColumn> all = new java.util.ArrayList<>(
                io.chatpass.core.users.UserData.sealedColumns(VendorRegistry.storedData()));
        all.add(io.chatpass.core.signing.SigningKeyStore.SEALED);
        return java.util.List.copyOf(all);
    }
}

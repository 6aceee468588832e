package io.chatpass.server.sandbox;

import io.chatpass.core.signing.SigningKeys;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendor.SandboxContext;
import io.chatpass.server.vendor.Vendor;
import java.util.List;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the sandbox (sign-in, every vendor's stand-in under /sandbox/, the widgets' shared check) and the demo site (/demo/). Only
 * when sandbox.enabled: it lets anyone sign in as anyone. It shares no code with the real upstream clients beyond
 * the public contracts, so it can catch their bugs.
 */
public final class SandboxRoutes {
    private static final Logger log = LoggerFactory.getLogger(SandboxRoutes.class);
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "application/javascript; charset=utf-8", "svg", "image/svg+xml");

    private final SandboxLogin login;
    private final SandboxChecks checks;
    private final ChatpassConfig config;
    private final List<Vendor<?>> vendors;
    private final DataSource ds;
    private final Clock clock;
    private final SigningKeys signingKeys;

    public SandboxRoutes(ChatpassConfig config, List<Vendor<?>> vendors, DataSource ds, Clock clock, SigningKeys signingKeys) {
        warn();
        this.config = config;
        this.vendors = List.copyOf(vendors);
        this.ds = ds;
        this.clock = clock;
        this.signingKeys = signingKeys;
        this.login = new SandboxLogin(config.sandbox().loginSecret(), config.sandbox().projectId(), config.login().cookieName(), clock);
        this.checks = new SandboxChecks(clock);
    }

    private static void warn() {
        log.warn("*************************************************************************************");
        log.warn("SANDBOX ENABLED: anyone can sign in as anyone at /sandbox/login. Never in production.");
        log.warn("*************************************************************************************");
    }

    public void install(JavalinConfig c) {
        c.routes.post("/sandbox/login", login::signIn);
        c.routes.get("/sandbox/logout", login::signOut);
        SandboxContext context = new SandboxContext(c, ds, clock, checks, signingKeys);
        for (Vendor<?> v : vendors) standIn(v, context);
        c.routes.post("/sandbox/widgets/check", checks::check);
        c.routes.get("/", ctx -> ctx.redirect("/demo/"));
        c.routes.get("/demo/", asset("index.html"));
        c.routes.get("/demo/{file}", this::demoFile);
    }

    private final java.util.Map<String, Handler> demoFiles = new java.util.concurrent.ConcurrentHashMap<>();

    /** A script or style sheet of the demo site (its vendors' stand-in pages included), read once from the bundle. */
    private void demoFile(Context ctx) throws Exception {
        String file = ctx.pathParam("file");
        if (!file.matches("[a-z][a-z0-9-]{0,60}\\.(js|css)") || SandboxRoutes.class.getResource("/demo/" + file) == null) {
            throw new io.chatpass.server.web.ProblemException(io.chatpass.server.web.Problem.notFound("No such route."));
        }
        demoFiles.computeIfAbsent(file, SandboxRoutes::asset).handle(ctx);
    }

    private <S extends VendorSettings> void standIn(Vendor<S> v, SandboxContext context) {
        v.sandbox(config.vendor(v.section(), v.settingsType()), context);
    }

    private static Handler asset(String file) {
        byte[] body;
        try (InputStream in = SandboxRoutes.class.getResourceAsStream("/demo/" + file)) {
            if (in == null) throw new IOException("missing demo asset " + file);
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        return (Context ctx) -> ctx.contentType(type).header("Cache-Control", "no-cache").result(body);
    }
}

package io.chatpass.server.sandbox;

import io.chatpass.server.config.ChatpassConfig;
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
 * Wires the sandbox (sign-in, LiveChat, Zendesk, HubSpot and the widget vendors' checks under /sandbox/) and the demo site (/demo/). Only
 * when sandbox.enabled: it lets anyone sign in as anyone. It shares no code with the real upstream clients beyond
 * the public contracts, so it can catch their bugs.
 */
public final class SandboxRoutes {
    private static final Logger log = LoggerFactory.getLogger(SandboxRoutes.class);
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "application/javascript; charset=utf-8", "svg", "image/svg+xml");

    private final SandboxLogin login;
    private final SandboxLiveChat livechat;
    private final SandboxZendesk zendesk;
    private final SandboxWidgets widgets;

    public SandboxRoutes(ChatpassConfig config, DataSource ds, Clock clock) {
        warn();
        this.login = new SandboxLogin(config.sandbox().loginSecret(), config.sandbox().projectId(), config.login().cookieName(), clock);
        this.livechat = new SandboxLiveChat(ds, clock, config.livechat() == null ? null : config.livechat().clientId());
        this.zendesk = new SandboxZendesk(config.zendesk(), ds, clock);
        this.widgets = new SandboxWidgets(config.widgets(), clock);
    }

    private static void warn() {
        log.warn("*************************************************************************************");
        log.warn("SANDBOX ENABLED: anyone can sign in as anyone at /sandbox/login. Never in production.");
        log.warn("*************************************************************************************");
    }

    public void install(JavalinConfig c) {
        c.routes.post("/sandbox/login", login::signIn);
        c.routes.get("/sandbox/logout", login::signOut);
        c.routes.post("/sandbox/livechat/v2/customer/token", ctx -> livechat.grant(ctx, true));
        c.routes.post("/sandbox/livechat/customer/token", ctx -> livechat.grant(ctx, false));
        c.routes.get("/sandbox/livechat/chat/messages", livechat::listMessages);
        c.routes.post("/sandbox/livechat/chat/messages", livechat::sendMessage);
        c.routes.post("/sandbox/zendesk/chat/authenticate", zendesk::authenticateChat);
        c.routes.post("/sandbox/zendesk/messaging/login", zendesk::loginMessaging);
        c.routes.get("/sandbox/zendesk/chat/messages", zendesk::listMessages);
        c.routes.post("/sandbox/zendesk/chat/messages", zendesk::sendMessage);
        c.routes.get("/sandbox/zendesk/api/v2/visitors/{id}", zendesk::visitor);
        c.routes.post("/sandbox/widgets/check", widgets::check);
        c.routes.post("/sandbox/hubspot/visitor-identification/v3/tokens/create", widgets::createHubSpotToken);
        c.routes.get("/", ctx -> ctx.redirect("/demo/"));
        c.routes.get("/demo/", asset("index.html"));
        for (String f : new String[] {"demo.css", "demo.js", "livechat-standin.js", "zendesk-standin.js", "standin-ui.js",
                "widgets-standin.js", "demo-widgets.js"}) {
            c.routes.get("/demo/" + f, asset(f));
        }
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

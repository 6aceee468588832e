package io.chatpass.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.App;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.demo.DemoEnvironment;
import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.vendors.VendorRegistry;
import io.chatpass.server.web.Routes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the launcher's warm-up serves before the class-data archive is made: every kind of request a serving process
 * answers, so their classes land in the archive. Here, on the demo's configuration, as the command runs it.
 */
class WarmUpCommandIT {
    @Test
    void theWarmUpSignsInAndReachesEveryRouteWithoutAServerError(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path config = new DemoEnvironment(dir).prepare(port);
        try (App app = App.create(ConfigLoader.forDemo(VendorRegistry.sections()).load(config), Clock.systemUTC())) {
            app.start();
            assertThat(app.routes()).as("the vendors' token routes are among the registered ones")
                    .contains(new Routes.Route("GET", "/v1/zendesk/chat/jwt"), new Routes.Route("POST", "/v1/livechat/token"));
            long plain = app.routes().stream().filter(r -> !r.path().contains("{")).count();

            WarmUpCommand.Served served = WarmUpCommand.exercise(app, Files.readString(dir.resolve("secrets/admin-token")).strip());

            assertThat(served.serverErrors()).as("no route failed or went unanswered").isEmpty();
            assertThat(served.byStatusClass()).doesNotContainKey(0).doesNotContainKey(5);
            int total = served.byStatusClass().values().stream().mapToInt(Integer::intValue).sum();
            assertThat(total).as("sign-in, three requests per route, then 404, metrics and an admin read").isEqualTo(1 + 3 * plain + 3);
            // The signed-in requests were accepted: each route answered at least one of them with a success (the
            // signed-in passes are two of three per route; the third carries a token that fails verification).
            assertThat(served.byStatusClass().getOrDefault(2, 0)).as("successes").isGreaterThanOrEqualTo((int) plain);
            assertThat(served.byStatusClass().getOrDefault(4, 0)).as("refusals of the bad token").isGreaterThanOrEqualTo((int) plain / 2);
        }
    }
}

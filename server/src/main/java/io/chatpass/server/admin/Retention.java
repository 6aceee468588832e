package io.chatpass.server.admin;

import io.chatpass.core.users.UserAdministration;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily prune: audit rows older than store.auditRetentionDays, and the sandbox's messages older than a day and
 * its expired tokens. Runs a few seconds after the start, then every 24 hours; a failure is logged and retried the
 * next day. Several processes may prune at once: the deletes are idempotent.
 */
public final class Retention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final Duration FIRST_RUN = Duration.ofSeconds(5);

    private final UserAdministration admin;
    private final Clock clock;
    private final int auditDays;
    private final boolean sandbox;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("chatpass-retention").factory());

    public Retention(UserAdministration admin, Clock clock, int auditDays, boolean sandbox) {
        this.admin = admin;
        this.clock = clock;
        this.auditDays = auditDays;
        this.sandbox = sandbox;
    }

    public Retention start() {
        timer.scheduleAtFixedRate(this::runQuietly, FIRST_RUN.toMillis(), Duration.ofDays(1).toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One prune; returns the rows deleted. */
    public int runOnce() {
        int n = 0;
        if (auditDays > 0) n += admin.pruneAudit(clock.instant().minus(Duration.ofDays(auditDays)));
        if (sandbox) n += admin.pruneSandbox(clock.instant().minus(Duration.ofDays(1)));
        return n;
    }

    private void runQuietly() {
        try {
            int n = runOnce();
            if (n > 0) log.info("retention: deleted {} rows (audit older than {} days{})", n, auditDays, sandbox ? ", sandbox older than a day" : "");
        } catch (RuntimeException e) {
            log.warn("retention prune failed ({}); retried in a day", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

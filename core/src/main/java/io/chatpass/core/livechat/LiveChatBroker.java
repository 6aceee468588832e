package io.chatpass.core.livechat;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.store.Jdbc;
import io.chatpass.core.store.StoreException;
import io.chatpass.core.store.StoreSettings;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LiveChat Custom Identity Provider, server side: keeps each site user's LiveChat customer (entity id and the
 * {@code __lc_cst} secret, sealed) and brokers access tokens for that same customer, so the user's history follows
 * them to every device.
 *
 * <p>Concurrent callers for one user share one upstream call (per process), and on PostgreSQL the upstream work for
 * one user is serialised across processes by an advisory lock, so a first visit from several tabs, devices or
 * server processes creates exactly one customer. A failed call writes nothing: stored identities are only ever
 * replaced by a successful answer.
 */
public final class LiveChatBroker {
    private static final Logger log = LoggerFactory.getLogger(LiveChatBroker.class);

    /** What {@code hasToken} needs to know. */
    public record IdentityStatus(boolean hasIdentity, String entityId, boolean tokenCached) {
    }

    private final LiveChatSettings settings;
    private final AccountsClient client;
    private final Identities identities;
    private final UserLocks locks;
    private final DataSource ds;
    private final Clock clock;
    private final LiveChatEvents events;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Map<String, CompletableFuture<CustomerToken>> refreshing = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CustomerToken>> freshening = new ConcurrentHashMap<>();

    public LiveChatBroker(LiveChatSettings settings, DataSource ds, StoreSettings.Dialect dialect, SecretBox box, Clock clock,
                          LiveChatEvents events) {
        this.settings = settings;
        this.client = new AccountsClient(settings);
        this.identities = new Identities(settings.accountKey(), box);
        this.locks = new UserLocks(ds, dialect);
        this.ds = ds;
        this.clock = clock;
        this.events = events;
        this.retry = Retry.of("livechat-accounts", RetryConfig.custom()
                .maxAttempts(4)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(100), 2.0, 0.5, Duration.ofSeconds(1)))
                .retryOnException(e -> e instanceof LiveChatException l && l.kind() == LiveChatException.Kind.TRANSIENT)
                .failAfterMaxAttempts(false)
                .build());
        this.breaker = CircuitBreaker.of("livechat-accounts", CircuitBreakerConfig.custom()
                .slidingWindowSize(20).minimumNumberOfCalls(10).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10)).permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof LiveChatException l && l.kind() == LiveChatException.Kind.TRANSIENT)
                .build());
    }

    public LiveChatSettings settings() {
        return settings;
    }

    /** CIP getToken: the stored token while it is outside the refresh margin, else a new one (coalesced). */
    public CustomerToken token(String user) throws LiveChatException {
        CompletableFuture<CustomerToken> fresh = freshening.get(user);
        if (fresh != null) {
            events.coalesced();
            return join(fresh);
        }
        Optional<Identities.Row> row = read(user);
        long now = clock.millis();
        if (row.isPresent() && row.get().tokenUsable(now, settings.refreshMargin().toMillis())) {
            events.cacheHit();
            return toToken(row.get());
        }
        return coalesce(refreshing, user, () -> obtain(user, false, now));
    }

    /** CIP getFreshToken: always a new token from upstream; concurrent calls for one user share one call. */
    public CustomerToken freshToken(String user) throws LiveChatException {
        long asked = clock.millis();
        return coalesce(freshening, user, () -> obtain(user, true, asked));
    }

    public IdentityStatus identity(String user) {
        Optional<Identities.Row> row = read(user);
        return row.map(r -> new IdentityStatus(true, r.entityId(), r.tokenUsable(clock.millis(), settings.refreshMargin().toMillis())))
                .orElse(new IdentityStatus(false, null, false));
    }

    /** CIP invalidate: drops the cached token; the identity, and so the history, is kept. */
    public void invalidate(String user) {
        new Jdbc(ds).transaction(c -> identities.clearToken(c, user, clock.millis()));
    }

    private Optional<Identities.Row> read(String user) {
        try (Connection c = ds.getConnection()) {
            return identities.find(c, user);
        } catch (SQLException e) {
            throw new StoreException("store read failed", e);
        }
    }

    private interface Work {
        CustomerToken run() throws LiveChatException;
    }

    private CustomerToken coalesce(Map<String, CompletableFuture<CustomerToken>> inflight, String user, Work work)
            throws LiveChatException {
        CompletableFuture<CustomerToken> mine = new CompletableFuture<>();
        CompletableFuture<CustomerToken> existing = inflight.putIfAbsent(user, mine);
        if (existing != null) {
            events.coalesced();
            return join(existing);
        }
        try {
            CustomerToken t = work.run();
            mine.complete(t);
            return t;
        } catch (LiveChatException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(user, mine);
        }
    }

    private static CustomerToken join(CompletableFuture<CustomerToken> f) throws LiveChatException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LiveChatException l) throw l;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /**
     * Under the user's lock: look again (another process may have done the work while we waited), then go upstream
     * with the stored identity, or without one to create the customer.
     *
     * @param since for a forced refresh, a token created at or after this moment is new enough
     */
    private CustomerToken obtain(String user, boolean force, long since) throws LiveChatException {
        return locks.run(settings.accountKey() + "|" + user, c -> {
            Optional<Identities.Row> row = identities.find(c, user);
            long now = clock.millis();
            if (row.isPresent()) {
                Identities.Row r = row.get();
                boolean usable = r.tokenUsable(now, settings.refreshMargin().toMillis());
                if (usable && (!force || r.createdAt() >= since)) return toToken(r);
            }
            AccountsClient.Grant g;
            if (row.isEmpty()) {
                g = upstream(null, null);
                identities.insert(c, user, g, now);
                events.identityCreated();
                log.info("LiveChat customer created for a site user (account {})", settings.accountKey());
            } else {
                try {
                    g = upstream(row.get().entityId(), row.get().cst());
                } catch (LiveChatException e) {
                    if (e.kind() != LiveChatException.Kind.IDENTITY_LOST) throw e;
                    events.identityLost();
                    if (settings.lostIdentityPolicy() == LiveChatSettings.LostIdentityPolicy.FAIL) {
                        throw new LiveChatException(LiveChatException.Kind.REJECTED, e.family(), e.vendorCode(), e.getMessage());
                    }
                    g = upstream(null, null);
                    events.identityCreated();
                    Jdbc.update(c, "INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)",
                            UUID.randomUUID().toString(), now, "livechat-broker", "livechat.identity.recreated", user,
                            "LiveChat refused the stored identity (" + e.vendorCode() + "); new customer created; old history not reachable");
                    log.warn("LiveChat refused a stored identity ({}); a new customer was created (account {})", e.vendorCode(),
                            settings.accountKey());
                }
                identities.update(c, user, g, now);
            }
            return new CustomerToken(g.accessToken(), g.entityId(), g.expiresInSeconds() * 1000, g.tokenType(), now,
                    settings.licenseId(), settings.organizationId());
        });
    }

    private AccountsClient.Grant upstream(String entityId, String cst) throws LiveChatException {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        CheckedSupplier<AccountsClient.Grant> attempt = () -> {
            if (System.nanoTime() > deadline) {
                throw new LiveChatException(LiveChatException.Kind.TRANSIENT, "transport", "deadline", "LiveChat deadline exceeded");
            }
            try {
                AccountsClient.Grant g = client.grant(entityId, cst);
                events.upstreamCall("ok");
                return g;
            } catch (LiveChatException e) {
                events.upstreamCall(e.kind().name().toLowerCase(java.util.Locale.ROOT));
                throw e;
            }
        };
        try {
            return Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, attempt)).get();
        } catch (LiveChatException e) {
            throw e;
        } catch (CallNotPermittedException e) {
            events.upstreamCall("circuit_open");
            throw new LiveChatException(LiveChatException.Kind.TRANSIENT, "transport", "circuit_open",
                    "LiveChat calls paused after repeated failures");
        } catch (Throwable t) {
            throw new IllegalStateException("unexpected failure calling LiveChat", t);
        }
    }

    private CustomerToken toToken(Identities.Row r) {
        return new CustomerToken(r.accessToken(), r.entityId(), r.expiresIn(), r.tokenType(), r.createdAt(),
                settings.licenseId(), settings.organizationId());
    }
}

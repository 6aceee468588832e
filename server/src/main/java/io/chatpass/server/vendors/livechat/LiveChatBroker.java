package io.chatpass.server.vendors.livechat;

import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.store.CoherentCache;
import io.chatpass.core.store.Jdbc;
import io.chatpass.core.store.StoreChanges;
import io.chatpass.core.store.StoreException;
import io.chatpass.core.upstream.SingleFlight;
import io.chatpass.core.users.SiteUsers;
import io.chatpass.server.limits.UserAllowance;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
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
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LiveChat Custom Identity Provider, server side: keeps each site user's LiveChat customer (entity id and the
 * {@code __lc_cst} secret, sealed) and brokers access tokens for that same customer, so the user's history follows
 * them to every device.
 *
 * <p>One flight per user: in a process, getToken and getFreshToken callers for one user share one upstream call;
 * across processes sharing the store, a lease row (see {@link Leases}) lets one holder at a time call LiveChat for a
 * user, so a first visit from several tabs, devices or server processes creates exactly one customer.
 *
 * <p>Vendor isolation: no store connection is held while LiveChat is called (reads, the lease and the final write are
 * short statements of their own), and at most {@link LiveChatSettings#maxConcurrentCalls()} calls are in flight at
 * once; past that a caller is refused at once (transient, {@code busy}) instead of queueing. A failed call writes
 * nothing: stored identities are only ever replaced by a successful answer.
 *
 * <p>Per user, two limits keep a few accounts from pushing the site's LiveChat account into throttling (and opening
 * the breaker every user shares): getFreshToken shortly after the user's last new token gets that token
 * ({@link LiveChatSettings#freshReuse()}, read from the store, so across processes too), and each user may cause at
 * most {@link LiveChatSettings#userCallsPerMinute()} upstream calls a minute in this process (a {@link UserAllowance};
 * past it, {@link UpstreamException.Kind#LIMITED}).
 */
public final class LiveChatBroker {
    private static final Logger log = LoggerFactory.getLogger(LiveChatBroker.class);
    private static final long LEASE_POLL_MIN_MILLIS = 20;
    private static final long LEASE_POLL_MAX_MILLIS = 200;

    /** What {@code hasToken} needs to know. */
    public record IdentityStatus(boolean hasIdentity, String entityId, boolean tokenCached) {
    }

    /** The scope of the store's changes that concern one user's rows (an erasure records it too). */
    static final String USER_SCOPE = SiteUsers.USER_SCOPE;
    /**
     * Sealed rows held at most, packed ({@link CoherentCache}: 162 bytes a slot): up to a sixth of the heap limit
     * (rounded down to a power of two), at most 65,536 (65,536 with the launcher's 72 MiB heap, in 10.1 MiB: 50,000
     * users are held but for about one in a thousand whose set of slots filled up). A full set of slots gives
     * one up and that row is read from the store again. As Caffeine entries (~320 bytes each, an object graph per row),
     * 65,536 rows filled the 96 MiB heap's old generation under 50,000 users (full collections every second,
     * docs/benchmarks.md) and a sixteenth of the heap held 19,660.
     */
    static final int CACHED_ROWS = (int) Math.min(65_536,
            Math.max(1_024, Runtime.getRuntime().maxMemory() / 6 / CoherentCache.bytesFor(1, Identities.HELD_BYTES)));

    private final LiveChatSettings settings;
    private final CoherentCache<Identities.Held> cache;
    private final StoreChanges changes;
    private final AccountsClient client;
    private final Identities identities;
    private final Leases leases;
    private final DataSource ds;
    private final Clock clock;
    private final LiveChatEvents events;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final SingleFlight<String, CustomerToken> flights = new SingleFlight<>();
    /** Each user's allowance of upstream calls (a bucket only for users who used half of it: a first-visit burst of
     * 50,000 users once filled the old generation with a bucket each). */
    private final UserAllowance callBudgets;

    public LiveChatBroker(LiveChatSettings settings, DataSource ds, SecretBox box, Clock clock, LiveChatEvents events) {
        this(settings, ds, box, clock, events, null);
    }

    /**
     * @param changes this server process's watch on the store's changes: with it, the rows getToken serves are held in
     *                memory, still sealed, for as long as no change anywhere makes them stale (see {@link CoherentCache});
     *                null for no cache (a tool, a test of the store path)
     */
    public LiveChatBroker(LiveChatSettings settings, DataSource ds, SecretBox box, Clock clock, LiveChatEvents events,
                          StoreChanges changes) {
        this.settings = settings;
        this.cache = changes == null ? null : new CoherentCache<>(changes, USER_SCOPE, CACHED_ROWS, Identities.HELD_BYTES, Identities.CODEC);
        this.changes = changes;
        this.client = new AccountsClient(settings);
        this.identities = new Identities(settings.accountKey(), box);
        this.leases = new Leases(ds, settings.accountKey());
        this.ds = ds;
        this.clock = clock;
        this.events = events;
        this.callBudgets = new UserAllowance(settings.userCallsPerMinute(), clock, 131_072, 64_000);
        this.retry = Retry.of("livechat-accounts", RetryConfig.custom()
                .maxAttempts(4)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(100), 2.0, 0.5, Duration.ofSeconds(1)))
                .retryOnException(e -> e instanceof UpstreamException l && l.kind() == UpstreamException.Kind.UNAVAILABLE
                        && !"deadline".equals(l.vendorCode()))
                .failAfterMaxAttempts(false)
                .build());
        this.breaker = CircuitBreaker.of("livechat-accounts", CircuitBreakerConfig.custom()
                .slidingWindowSize(20).minimumNumberOfCalls(10).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10)).permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof UpstreamException l && l.kind() == UpstreamException.Kind.UNAVAILABLE)
                .build());
        this.bulkhead = Bulkhead.of("livechat-accounts", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls()).maxWaitDuration(Duration.ZERO).build());
    }

    public LiveChatSettings settings() {
        return settings;
    }

    /** The upstream circuit breaker's state (CLOSED, OPEN, HALF_OPEN), for operators. */
    public String breakerState() {
        return breaker.getState().name();
    }

    /**
     * CIP getToken from memory only: the token held for the user while it is outside the refresh margin and no call
     * for the user is in flight, else null (then {@link #token} reads the store or calls LiveChat). Never waits.
     */
    public CustomerToken heldToken(String user) {
        if (cache == null || flights.inFlight(user)) return null;
        Identities.Held held = cache.get(cache.subject(user));
        if (held == null || !held.tokenUsable(clock.millis(), settings.refreshMargin().toMillis())) return null;
        Identities.Row row;
        try {
            row = identities.open(user, held);
        } catch (IllegalStateException e) {
            return null; // another subject's row in the same slot (sealed for its own user): the store has this one's
        }
        events.cacheHit();
        events.heldHit();
        return toToken(row);
    }

    /** CIP getToken: the stored token while it is outside the refresh margin, else a new one (one flight per user). */
    public CustomerToken token(String user) throws UpstreamException {
        long asked = clock.millis();
        if (flights.inFlight(user)) return coalesce(user, () -> fetchToken(user, false, asked)); // share the call under way
        CustomerToken held = heldToken(user);
        if (held != null) return held;
        long margin = settings.refreshMargin().toMillis();
        String subject = cache == null ? null : cache.subject(user);
        long readStarted = System.nanoTime();
        Optional<Identities.Sealed> row = readSealed(user);
        long now = clock.millis();
        if (row.isPresent() && row.get().tokenUsable(now, margin)) {
            if (subject != null) cache.put(subject, new Identities.Held(row.get()), row.get().changeSeq(), readStarted);
            events.cacheHit();
            return toToken(identities.open(user, row.get()));
        }
        return coalesce(user, () -> fetchToken(user, false, now));
    }

    /**
     * CIP getFreshToken: a new token from upstream. Callers arriving while a call for the user is in flight (fresh or
     * not) share its answer, which is itself new from LiveChat; so do callers within {@link LiveChatSettings#freshReuse()}
     * of the user's last new token, in any process.
     */
    public CustomerToken freshToken(String user) throws UpstreamException {
        long since = clock.millis() - settings.freshReuse().toMillis();
        Optional<Identities.Row> row = read(user);
        if (row.isPresent() && usable(row.get(), true, since)) {
            events.coalesced();
            return toToken(row.get());
        }
        return coalesce(user, () -> fetchToken(user, true, since));
    }

    public IdentityStatus identity(String user) {
        Optional<Identities.Row> row = read(user);
        return row.map(r -> new IdentityStatus(true, r.entityId(), r.tokenUsable(clock.millis(), settings.refreshMargin().toMillis())))
                .orElse(new IdentityStatus(false, null, false));
    }

    /** A LiveChat identity brought in from elsewhere (a migration from another CIP server, a benchmark's seed). */
    public record Imported(String entityId, String cst, String accessToken, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Imported[entityId=" + entityId + "]";
        }
    }

    /**
     * Stores identities for users who have none yet, sealed like any other, in one transaction; users who already
     * have one keep theirs. Returns how many were stored.
     */
    public int importIdentities(Map<String, Imported> byUser) {
        long now = clock.millis();
        Map<String, AccountsClient.Grant> grants = new java.util.LinkedHashMap<>();
        byUser.forEach((user, i) -> grants.put(user, new AccountsClient.Grant(i.accessToken(), i.entityId(), i.expiresInSeconds(),
                "Bearer", i.cst())));
        return new Jdbc(ds).transaction(c -> {
            SiteUsers.recordAllInTransaction(c, grants.keySet(), now);
            return identities.insertAll(c, grants, now);
        });
    }

    /**
     * CIP invalidate: drops the cached token; the identity, and so the history, is kept. When it returns, no server
     * process serves the dropped token from memory ({@link StoreChanges#awaitApplied}).
     */
    public void invalidate(String user) {
        long now = clock.millis();
        long seq = new Jdbc(ds).transaction(c -> {
            identities.clearToken(c, user, now);
            return recordChange(c, user, now);
        });
        changedHere(user, seq);
        if (seq > 0) StoreChanges.awaitApplied(ds, seq);
    }

    /** In a transaction that changes the user's row: tells every process's cache (0 without a cache). */
    private long recordChange(Connection c, String user, long now) throws SQLException {
        return changes == null ? 0 : StoreChanges.record(c, USER_SCOPE, changes.subject(user), now);
    }

    /** After that transaction's commit: this process's cache drops the row at once. */
    private void changedHere(String user, long seq) {
        if (seq > 0) changes.appliedHere(USER_SCOPE, changes.subject(user), seq);
    }

    private Optional<Identities.Sealed> readSealed(String user) {
        try (Connection c = ds.getConnection()) {
            return identities.findSealed(c, user);
        } catch (SQLException e) {
            throw new StoreException("store read failed", e);
        }
    }

    private Optional<Identities.Row> read(String user) {
        try (Connection c = ds.getConnection()) {
            return identities.find(c, user);
        } catch (SQLException e) {
            throw new StoreException("store read failed", e);
        }
    }

    /** Runs the work unless a flight for the user is already under way, in which case its answer is shared. */
    private CustomerToken coalesce(String user, SingleFlight.Work<CustomerToken, UpstreamException> work) throws UpstreamException {
        var outcome = flights.callOnce(user, UpstreamException.class, null,
                () -> new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "transport", "interrupted", "interrupted"), work);
        if (outcome.shared()) events.coalesced();
        return outcome.value();
    }

    private boolean usable(Identities.Row r, boolean force, long since) {
        return r.tokenUsable(clock.millis(), settings.refreshMargin().toMillis()) && (!force || r.createdAt() >= since);
    }

    /**
     * Takes the user's lease (waiting, within the deadline, while another process holds it, and taking that
     * process's answer when it lands), looks again, then goes upstream with the stored identity, or without one to
     * create the customer, and writes the answer in one short transaction that also ends the lease.
     *
     * @param since for a forced refresh, a token created at or after this moment is new enough
     */
    private CustomerToken fetchToken(String user, boolean force, long since) throws UpstreamException {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        String owner = UUID.randomUUID().toString();
        long pause = LEASE_POLL_MIN_MILLIS;
        while (!leases.tryAcquire(user, owner, clock.millis(), settings.leaseTtl())) {
            Optional<Identities.Row> row = read(user);
            if (row.isPresent() && usable(row.get(), force, since)) return toToken(row.get());
            if (System.nanoTime() + pause * 1_000_000 > deadline) {
                throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "transport", "busy",
                        "another server is still calling LiveChat for this user");
            }
            sleep(pause);
            pause = Math.min(pause * 2, LEASE_POLL_MAX_MILLIS);
        }
        boolean written = false;
        try {
            Optional<Identities.Row> row = read(user);
            if (row.isPresent() && usable(row.get(), force, since)) return toToken(row.get());
            spend(user);
            long started = clock.millis();
            AccountsClient.Grant g;
            String recreated = null;
            if (row.isEmpty()) {
                g = upstream(null, null, deadline);
            } else {
                try {
                    g = upstream(row.get().entityId(), row.get().cst(), deadline);
                } catch (UpstreamException e) {
                    if (e.kind() != UpstreamException.Kind.CREDENTIAL_LOST) throw e;
                    events.identityLost();
                    if (settings.lostIdentityPolicy() == LiveChatSettings.LostIdentityPolicy.FAIL) {
                        throw new UpstreamException(UpstreamException.Kind.REJECTED, e.family(), e.vendorCode(), e.getMessage());
                    }
                    g = upstream(null, null, deadline);
                    recreated = e.vendorCode();
                }
            }
            CustomerToken t = write(user, owner, row.isEmpty(), g, started, recreated);
            written = true;
            return t;
        } finally {
            if (!written) releaseQuietly(user, owner);
        }
    }

    /** Stores a successful answer and ends the lease, in one transaction. */
    private CustomerToken write(String user, String owner, boolean create, AccountsClient.Grant g, long created, String recreated) {
        record Outcome(CustomerToken token, boolean inserted, long seq) {
        }
        Outcome out = new Jdbc(ds).transaction(c -> {
            SiteUsers.recordInTransaction(c, user, created); // first: see UserAdministration.erase
            // Other processes drop the row they hold (not waited for: theirs is the same customer's, still valid, token).
            long seq = recordChange(c, user, created);
            if (!leases.end(c, user, owner)) {
                log.warn("a LiveChat lease expired while its call was running (account {}); writing the answer anyway", settings.accountKey());
            }
            if (create) {
                if (!identities.insertIfAbsent(c, user, g, created)) {
                    // Only after a lease expired mid-call: another holder stored a customer first. Theirs wins.
                    log.warn("two LiveChat customers were created for one site user after a lease expired; keeping the first (account {})",
                            settings.accountKey());
                    return new Outcome(toToken(identities.find(c, user).orElseThrow()), false, seq);
                }
                return new Outcome(token(g, created), true, seq);
            }
            identities.update(c, user, g, created);
            if (recreated != null) {
                Jdbc.update(c, "INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)",
                        UUID.randomUUID().toString(), created, "livechat-broker", "livechat.identity.recreated", user,
                        "LiveChat refused the stored identity (" + recreated + "); new customer created; old history not reachable");
            }
            return new Outcome(token(g, created), recreated != null, seq);
        });
        changedHere(user, out.seq());
        if (out.inserted()) {
            events.identityCreated();
            if (recreated != null) {
                log.warn("LiveChat refused a stored identity ({}); a new customer was created (account {})", recreated, settings.accountKey());
            } else {
                log.info("LiveChat customer created for a site user (account {})", settings.accountKey());
            }
        }
        return out.token();
    }

    /** Takes one upstream call from the user's allowance, or refuses (LIMITED) without calling. */
    private void spend(String user) throws UpstreamException {
        long wait = callBudgets.take(user);
        if (wait > 0) {
            events.limited();
            throw new UpstreamException(UpstreamException.Kind.LIMITED, "chatpass", "rate_limited",
                    "this user caused " + settings.userCallsPerMinute() + " LiveChat calls within a minute", wait);
        }
    }

    private void releaseQuietly(String user, String owner) {
        try {
            leases.release(user, owner);
        } catch (StoreException e) {
            log.warn("could not end a LiveChat lease; it expires by itself in {} s", settings.leaseTtl().toSeconds());
        }
    }

    private static void sleep(long millis) throws UpstreamException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "transport", "interrupted", "interrupted");
        }
    }

    /** A failed call's outcome in chatpass.livechat.upstream.calls (the names operators' dashboards use). */
    private static String outcome(UpstreamException.Kind kind) {
        return switch (kind) {
            case UNAVAILABLE -> "transient";
            case CREDENTIAL_LOST -> "identity_lost";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Retries, the breaker and the bulkhead around one logical upstream call; never past the request's deadline. */
    private AccountsClient.Grant upstream(String entityId, String cst, long deadline) throws UpstreamException {
        if (!bulkhead.tryAcquirePermission()) {
            events.upstreamCall("busy");
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "transport", "busy",
                    "too many LiveChat calls in flight; try again shortly");
        }
        CheckedSupplier<AccountsClient.Grant> attempt = () -> {
            if (System.nanoTime() > deadline) {
                throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "transport", "deadline", "LiveChat deadline exceeded");
            }
            try {
                AccountsClient.Grant g = client.grant(entityId, cst);
                events.upstreamCall("ok");
                return g;
            } catch (UpstreamException e) {
                events.upstreamCall(outcome(e.kind()));
                throw e;
            }
        };
        try {
            return Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, attempt)).get();
        } catch (UpstreamException e) {
            throw e;
        } catch (CallNotPermittedException e) {
            events.upstreamCall("circuit_open");
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "transport", "circuit_open",
                    "LiveChat calls paused after repeated failures");
        } catch (Throwable t) {
            throw new IllegalStateException("unexpected failure calling LiveChat", t);
        } finally {
            bulkhead.onComplete();
        }
    }

    private CustomerToken token(AccountsClient.Grant g, long created) {
        return new CustomerToken(g.accessToken(), g.entityId(), g.expiresInSeconds() * 1000, g.tokenType(), created,
                settings.licenseId(), settings.organizationId());
    }

    private CustomerToken toToken(Identities.Row r) {
        return new CustomerToken(r.accessToken(), r.entityId(), r.expiresIn(), r.tokenType(), r.createdAt(),
                settings.licenseId(), settings.organizationId());
    }
}

package io.chatpass.server.vendors.livechat;

import io.chatpass.core.upstream.UpstreamException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chatpass.core.Secret;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.core.store.Stores;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker against the stand-in accounts service, on a real SQLite file (and PostgreSQL where it matters). */
class LiveChatBrokerIT {
    @TempDir
    Path dir;
    AccountsStandIn upstream;
    Database db;
    final SecretBox box = SecretBox.fromKeyset(Secret.ofUtf8(SecretBox.generateKeyset()));
    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger coalesced = new AtomicInteger();
    final LiveChatEvents events = new LiveChatEvents() {
        @Override
        public void identityLost() {
            lost.incrementAndGet();
        }

        @Override
        public void coalesced() {
            coalesced.incrementAndGet();
        }
    };

    @BeforeEach
    void start() throws Exception {
        upstream = new AccountsStandIn();
        db = Database.open(Stores.sqlite(dir));
    }

    @AfterEach
    void stop() {
        upstream.close();
        db.close();
    }

    /** Fresh tokens are not reused and users not limited here: the tests of those two set them on {@link #builder()}. */
    LiveChatSettings settings(LiveChatSettings.LostIdentityPolicy policy) {
        return builder().lostIdentityPolicy(policy).freshReuse(Duration.ZERO).userCallsPerMinute(1000).build();
    }

    LiveChatSettings.Builder builder() {
        return LiveChatSettings.builder("client-1", URI.create("https://shop.example.com/")).organization("org-1")
                .accountsBaseUrl(URI.create(upstream.baseUrl())).callTimeout(Duration.ofMillis(500)).deadline(Duration.ofSeconds(3));
    }

    LiveChatBroker broker() {
        return broker(db, LiveChatSettings.LostIdentityPolicy.RECREATE);
    }

    LiveChatBroker broker(Database d, LiveChatSettings.LostIdentityPolicy policy) {
        return new LiveChatBroker(settings(policy), d.dataSource(), box, Clock.systemUTC(), events);
    }

    @Test
    void firstCallCreatesTheCustomerAndTheNextIsServedFromTheStore() throws Exception {
        LiveChatBroker b = broker();
        CustomerToken t1 = b.token("ann");
        CustomerToken t2 = b.token("ann");
        assertThat(upstream.calls.get()).isEqualTo(1);
        assertThat(upstream.created.get()).isEqualTo(1);
        assertThat(t2.accessToken()).isEqualTo(t1.accessToken());
        assertThat(t1.expiresIn()).as("milliseconds").isEqualTo(28_800_000L);
        assertThat(t1.creationDate()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
        assertThat(t1.organizationId()).isEqualTo("org-1");
        assertThat(t1.tokenType()).isEqualTo("Bearer");
        assertThat(upstream.bodies.get(0)).containsEntry("grant_type", "cookie").containsEntry("organization_id", "org-1")
                .containsEntry("redirect_uri", "https://shop.example.com/").containsEntry("client_id", "client-1");
    }

    @Test
    void freshTokensKeepTheSameCustomerAndStoreTheRotatedSecret() throws Exception {
        LiveChatBroker b = broker();
        CustomerToken first = b.token("bo");
        String original = upstream.secrets.get(first.entityId());
        upstream.rotateNext = true;
        CustomerToken fresh1 = b.freshToken("bo");
        String rotated = upstream.secrets.get(first.entityId());
        assertThat(rotated).isNotEqualTo(original);
        CustomerToken fresh2 = b.freshToken("bo");
        assertThat(fresh1.entityId()).isEqualTo(first.entityId());
        assertThat(fresh2.entityId()).isEqualTo(first.entityId());
        assertThat(fresh2.accessToken()).isNotEqualTo(fresh1.accessToken());
        assertThat(upstream.created.get()).isEqualTo(1);
        // the stand-in refuses the old secret after rotation: the third success proves the rotated value was stored
        assertThat(upstream.calls.get()).isEqualTo(3);
        assertThat(upstream.cookiesSeen).containsExactly("__lc_cid=" + first.entityId() + "; __lc_cst=" + original,
                "__lc_cid=" + first.entityId() + "; __lc_cst=" + rotated);
    }

    @Test
    void secretsAreSealedInTheStore() throws Exception {
        LiveChatBroker b = broker();
        CustomerToken t = b.token("cy");
        String cst = upstream.secrets.get(t.entityId());
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT cst_sealed, token_sealed FROM livechat_identities")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain(cst);
            assertThat(rs.getString(2)).doesNotContain(t.accessToken()).doesNotContain(t.accessToken().substring(4));
        }
    }

    @Test
    void transientErrorsAreRetried() throws Exception {
        upstream.faults.add(AccountsStandIn.Fault.SERVER_ERROR);
        upstream.faults.add(AccountsStandIn.Fault.TEMPORARILY_UNAVAILABLE_200);
        upstream.faults.add(AccountsStandIn.Fault.RESET);
        CustomerToken t = broker().token("dee");
        assertThat(t.entityId()).isNotNull();
        assertThat(upstream.calls.get()).isEqualTo(4);
    }

    @Test
    void slowHtmlAndResetAnswersAreTransientAndChangeNothing() throws Exception {
        CustomerToken before = broker().token("eve");
        for (var fault : List.of(AccountsStandIn.Fault.SLOW, AccountsStandIn.Fault.HTML_200, AccountsStandIn.Fault.RESET)) {
            LiveChatBroker b = broker(); // a broker of its own, so earlier faults have not opened its circuit breaker
            for (int i = 0; i < 4; i++) upstream.faults.add(fault);
            UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> b.freshToken("eve"));
            assertThat(e.kind()).as(fault.name()).isEqualTo(UpstreamException.Kind.UNAVAILABLE);
            upstream.faults.clear();
            assertThat(b.token("eve").accessToken()).as("stored token kept after " + fault).isEqualTo(before.accessToken());
        }
        assertThat(broker().freshToken("eve").entityId()).isEqualTo(before.entityId());
    }

    @Test
    void refusalsAreRejectedWithTheVendorCodeAndOverwriteNothing() throws Exception {
        LiveChatBroker b = broker();
        CustomerToken before = b.token("fay");
        upstream.faults.add(AccountsStandIn.Fault.ACCESS_DENIED);
        UpstreamException denied = catchThrowableOfType(UpstreamException.class, () -> b.freshToken("fay"));
        assertThat(denied.kind()).isEqualTo(UpstreamException.Kind.REJECTED);
        assertThat(denied.family()).isEqualTo("identity_exception");
        assertThat(denied.vendorCode()).isEqualTo("access_denied");
        upstream.faults.add(AccountsStandIn.Fault.INVALID_CLIENT);
        UpstreamException client = catchThrowableOfType(UpstreamException.class, () -> b.freshToken("fay"));
        assertThat(client.family()).isEqualTo("oauth_exception");
        assertThat(client.vendorCode()).isEqualTo("invalid_client");
        upstream.faults.add(AccountsStandIn.Fault.OTHER_ENTITY);
        UpstreamException mismatch = catchThrowableOfType(UpstreamException.class, () -> b.freshToken("fay"));
        assertThat(mismatch.vendorCode()).isEqualTo("entity_id_mismatch");
        assertThat(b.identity("fay").entityId()).isEqualTo(before.entityId());
        assertThat(b.token("fay").accessToken()).isEqualTo(before.accessToken());
    }

    @Test
    void lostIdentityIsRecreatedAndAudited() throws Exception {
        LiveChatBroker b = broker();
        CustomerToken before = b.token("gus");
        upstream.secrets.clear(); // LiveChat forgot the customer: the stored cookies are now refused as unauthorized
        CustomerToken after = b.freshToken("gus");
        assertThat(after.entityId()).isNotEqualTo(before.entityId());
        assertThat(lost.get()).isEqualTo(1);
        assertThat(upstream.created.get()).isEqualTo(2);
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT subject FROM audit_log WHERE action = 'livechat.identity.recreated'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("gus");
        }
    }

    @Test
    void lostIdentityWithTheFailPolicyIsRejectedAndKept() throws Exception {
        LiveChatBroker b = broker(db, LiveChatSettings.LostIdentityPolicy.FAIL);
        CustomerToken before = b.token("hal");
        upstream.faults.add(AccountsStandIn.Fault.IDENTITY_LOST);
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> b.freshToken("hal"));
        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.REJECTED);
        assertThat(e.vendorCode()).isEqualTo("identity_lost");
        assertThat(b.identity("hal").entityId()).isEqualTo(before.entityId());
    }

    @Test
    void invalidateDropsTheTokenButKeepsTheCustomer() throws Exception {
        LiveChatBroker b = broker();
        CustomerToken before = b.token("ivy");
        b.invalidate("ivy");
        var status = b.identity("ivy");
        assertThat(status.hasIdentity()).isTrue();
        assertThat(status.tokenCached()).isFalse();
        CustomerToken after = b.token("ivy");
        assertThat(after.entityId()).isEqualTo(before.entityId());
        assertThat(after.accessToken()).isNotEqualTo(before.accessToken());
        assertThat(upstream.created.get()).isEqualTo(1);
    }

    @Test
    void anOutagePastTheBreakerFailsFastWithoutCallingUpstream() throws Exception {
        LiveChatBroker b = broker();
        upstream.alwaysFail = true;
        for (int i = 0; i < 4; i++) catchThrowableOfType(UpstreamException.class, () -> b.token("user-" + System.nanoTime()));
        int calls = upstream.calls.get();
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> b.token("jan"));
        assertThat(e.vendorCode()).isEqualTo("circuit_open");
        assertThat(upstream.calls.get()).isEqualTo(calls);
    }

    @Test
    void concurrentFirstCallsFromManyThreadsCreateOneCustomer() throws Exception {
        upstream.delayMillis = 100;
        assertThat(concurrentFirstCalls(List.of(broker()), "kim", 32)).hasSize(1);
        assertThat(upstream.created.get()).isEqualTo(1);
        assertThat(upstream.calls.get()).isEqualTo(1);
    }

    @Test
    void concurrentFreshCallsShareOneUpstreamCall() throws Exception {
        LiveChatBroker b = broker();
        b.token("lou");
        upstream.delayMillis = 200;
        int before = upstream.calls.get();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CustomerToken>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) all.add(pool.submit(() -> {
            go.await();
            return b.freshToken("lou");
        }));
        go.countDown();
        Set<String> tokens = new HashSet<>();
        for (Future<CustomerToken> f : all) tokens.add(f.get().accessToken());
        assertThat(upstream.calls.get() - before).isEqualTo(1);
        assertThat(tokens).hasSize(1);
        assertThat(coalesced.get()).isEqualTo(199);
    }

    @Test
    void twoBrokersOnOnePostgresCreateOneCustomer() throws Exception {
        StoreSettings pg = Stores.postgres();
        upstream.delayMillis = 150;
        try (Database d1 = Database.open(pg); Database d2 = Database.open(pg)) {
            Set<String> entities = concurrentFirstCalls(List.of(broker(d1, LiveChatSettings.LostIdentityPolicy.RECREATE),
                    broker(d2, LiveChatSettings.LostIdentityPolicy.RECREATE)), "max", 16);
            assertThat(entities).hasSize(1);
            assertThat(upstream.created.get()).isEqualTo(1);
            assertThat(upstream.calls.get()).isEqualTo(1);
        }
    }

    @Test
    void tokenAndFreshTokenArrivingTogetherForNewUsersCreateOneCustomerEach() throws Exception {
        // The widget's getToken and getFreshToken for one new user, at once, on SQLite: one flight per user.
        upstream.delayMillis = 50;
        LiveChatBroker b = broker();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CustomerToken>> all = new ArrayList<>();
        int users = 30;
        for (int u = 0; u < users; u++) {
            String user = "new-" + u;
            for (int k = 0; k < 4; k++) {
                boolean fresh = k % 2 == 1;
                all.add(pool.submit(() -> {
                    go.await();
                    return fresh ? b.freshToken(user) : b.token(user);
                }));
            }
        }
        go.countDown();
        for (Future<CustomerToken> f : all) assertThat(f.get().accessToken()).isNotBlank();
        assertThat(upstream.created.get()).as("customers created").isEqualTo(users);
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(DISTINCT entity_id), COUNT(*) FROM livechat_identities")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(users);
            assertThat(rs.getInt(2)).isEqualTo(users);
        }
    }

    @Test
    void twoBrokersOnOneSqliteFileCreateOneCustomer() throws Exception {
        // Two brokers with their own pools stand for two processes: the lease row serialises them, not memory.
        upstream.delayMillis = 150;
        try (Database d2 = Database.open(Stores.sqlite(dir))) {
            Set<String> entities = concurrentFirstCalls(List.of(broker(), broker(d2, LiveChatSettings.LostIdentityPolicy.RECREATE)), "sam", 8);
            assertThat(entities).hasSize(1);
            assertThat(upstream.created.get()).isEqualTo(1);
        }
    }

    @Test
    void noStoreConnectionIsHeldWhileLiveChatIsSlow() throws Exception {
        try (Database small = Database.open(Stores.sqlite(dir.resolve("small")).withPoolSize(2))) {
            LiveChatBroker b = new LiveChatBroker(LiveChatSettings.builder("client-1", URI.create("https://shop.example.com/"))
                    .organization("org-1").accountsBaseUrl(URI.create(upstream.baseUrl())).callTimeout(Duration.ofSeconds(3))
                    .deadline(Duration.ofSeconds(5)).build(), small.dataSource(), box, Clock.systemUTC(), events);
            b.token("cached");
            upstream.delayMillis = 1_500;
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<CustomerToken>> slow = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String user = "slow-" + i;
                slow.add(pool.submit(() -> b.token(user)));
            }
            Thread.sleep(300); // every slow call is now waiting on LiveChat
            long worst = 0;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                assertThat(b.token("cached").accessToken()).isNotBlank();
                worst = Math.max(worst, System.nanoTime() - t0);
            }
            assertThat(worst / 1_000_000).as("worst cached getToken in ms, pool of 2, 10 calls in flight").isLessThan(250);
            for (Future<CustomerToken> f : slow) assertThat(f.get().entityId()).isNotBlank();
        }
    }

    @Test
    void aFullBulkheadRefusesAtOnceInsteadOfQueueing() throws Exception {
        upstream.delayMillis = 1_000;
        LiveChatBroker b = new LiveChatBroker(LiveChatSettings.builder("client-1", URI.create("https://shop.example.com/"))
                .organization("org-1").accountsBaseUrl(URI.create(upstream.baseUrl())).callTimeout(Duration.ofSeconds(3))
                .deadline(Duration.ofSeconds(5)).maxConcurrentCalls(2).build(), db.dataSource(), box, Clock.systemUTC(), events);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> all = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 6; i++) {
            String user = "bh-" + i;
            all.add(pool.submit(() -> {
                go.await();
                long t0 = System.nanoTime();
                try {
                    b.token(user);
                } catch (UpstreamException e) {
                    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.UNAVAILABLE);
                    assertThat(e.vendorCode()).isEqualTo("busy");
                    busy.incrementAndGet();
                    return (System.nanoTime() - t0) / 1_000_000;
                }
                return -1L;
            }));
        }
        go.countDown();
        for (Future<Long> f : all) {
            long refusedAfter = f.get();
            if (refusedAfter >= 0) assertThat(refusedAfter).as("a refusal comes at once").isLessThan(500);
        }
        assertThat(busy.get()).isEqualTo(4);
        assertThat(upstream.calls.get()).isEqualTo(2);
    }

    @Test
    void aLeaseLeftByACrashedHolderIsTakenOverAfterItExpires() throws Exception {
        LiveChatBroker b = broker();
        try (var c = db.dataSource().getConnection(); var ps = c.prepareStatement(
                "INSERT INTO livechat_leases (site_user_id, account, owner, expires_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, "crash");
            ps.setString(2, "org:org-1");
            ps.setString(3, "dead-process");
            ps.setLong(4, System.currentTimeMillis() - 1);
            ps.executeUpdate();
        }
        assertThat(b.token("crash").entityId()).isNotBlank();
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM livechat_leases")) {
            rs.next();
            assertThat(rs.getInt(1)).as("leases left behind").isZero();
        }
    }

    @Test
    void aLiveLeaseHeldElsewhereMakesTheCallerWaitNotCall() throws Exception {
        LiveChatBroker b = new LiveChatBroker(LiveChatSettings.builder("client-1", URI.create("https://shop.example.com/"))
                .organization("org-1").accountsBaseUrl(URI.create(upstream.baseUrl())).callTimeout(Duration.ofMillis(200))
                .deadline(Duration.ofMillis(600)).build(), db.dataSource(), box, Clock.systemUTC(), events);
        try (var c = db.dataSource().getConnection(); var ps = c.prepareStatement(
                "INSERT INTO livechat_leases (site_user_id, account, owner, expires_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, "held");
            ps.setString(2, "org:org-1");
            ps.setString(3, "other-process");
            ps.setLong(4, System.currentTimeMillis() + 60_000);
            ps.executeUpdate();
        }
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> b.token("held"));
        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.UNAVAILABLE);
        assertThat(e.vendorCode()).isEqualTo("busy");
        assertThat(upstream.calls.get()).isZero();
    }

    @Test
    void freshTokensAskedForTogetherOrJustAfterOneAnotherShareOneUpstreamCall() throws Exception {
        LiveChatBroker b = new LiveChatBroker(builder().build(), db.dataSource(), box, Clock.systemUTC(), events); // defaults
        CustomerToken first = b.freshToken("tab-user");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CustomerToken>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) all.add(pool.submit(() -> {
            go.await();
            return b.freshToken("tab-user");
        }));
        go.countDown();
        for (Future<CustomerToken> f : all) assertThat(f.get().accessToken()).isEqualTo(first.accessToken());
        for (int i = 0; i < 30; i++) assertThat(b.freshToken("tab-user").accessToken()).isEqualTo(first.accessToken());
        assertThat(upstream.calls.get()).as("61 getFreshToken within the reuse window, one LiveChat call").isEqualTo(1);
    }

    @Test
    void oneUserCannotCauseMoreThanTheirLiveChatCallsPerMinute() throws Exception {
        LiveChatBroker b = new LiveChatBroker(builder().freshReuse(Duration.ZERO).userCallsPerMinute(3).build(), db.dataSource(), box,
                Clock.systemUTC(), events);
        for (int i = 0; i < 3; i++) b.freshToken("greedy");
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> b.freshToken("greedy"));
        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.LIMITED);
        assertThat(e.retryAfterSeconds()).isBetween(1L, 60L);
        for (int i = 0; i < 20; i++) catchThrowableOfType(UpstreamException.class, () -> b.freshToken("greedy"));
        assertThat(upstream.calls.get()).as("3 calls, then none").isEqualTo(3);
        assertThat(b.token("greedy").entityId()).as("the cached token is still served").isNotBlank();
        b.freshToken("someone-else");
        assertThat(upstream.calls.get()).as("another user is not limited by the first").isEqualTo(4);
    }

    static Set<String> concurrentFirstCalls(List<LiveChatBroker> brokers, String user, int perBroker) throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CustomerToken>> all = new ArrayList<>();
        for (LiveChatBroker b : brokers) {
            for (int i = 0; i < perBroker; i++) all.add(pool.submit(() -> {
                go.await();
                return b.token(user);
            }));
        }
        go.countDown();
        Set<String> entities = new HashSet<>();
        for (Future<CustomerToken> f : all) entities.add(f.get().entityId());
        return entities;
    }
}

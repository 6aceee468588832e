package io.chatpass.server.vendor;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.signing.SigningKeys;
import io.chatpass.server.login.Authenticator;
import io.chatpass.server.web.RecentErrors;
import io.chatpass.server.web.ServerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What a vendor is started with: the authenticator that turns a request into the verified site user (the one identity
 * model: a vendor never reads raw claims), the store and its sealing box, metrics, the clock, and where failures
 * upstream are recorded for operators, and Chatpass's own signing keys (for vendors that verify with a key set).
 */
public final class VendorContext {
    private final Authenticator authenticator;
    private final DataSource dataSource;
    private final SecretBox box;
    private final MeterRegistry registry;
    private final ServerMetrics serverMetrics;
    private final Clock clock;
    private final RecentErrors errors;
    private final SigningKeys signingKeys;
    private final io.chatpass.core.store.StoreChanges storeChanges;

    private VendorContext(Builder b) {
        this.authenticator = Objects.requireNonNull(b.authenticator);
        this.dataSource = Objects.requireNonNull(b.dataSource);
        this.box = Objects.requireNonNull(b.box);
        this.registry = Objects.requireNonNull(b.registry);
        this.serverMetrics = Objects.requireNonNull(b.serverMetrics);
        this.clock = Objects.requireNonNull(b.clock);
        this.errors = Objects.requireNonNull(b.errors);
        this.signingKeys = Objects.requireNonNull(b.signingKeys);
        this.storeChanges = b.storeChanges;
    }

    /**
     * This process's watch on the store's changes, for what a vendor holds in memory from the store
     * ({@link io.chatpass.core.store.CoherentCache}); null when the process serves nothing (tools).
     */
    public io.chatpass.core.store.StoreChanges storeChanges() {
        return storeChanges;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SecretBox box() {
        return box;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public ServerMetrics serverMetrics() {
        return serverMetrics;
    }

    public Clock clock() {
        return clock;
    }

    public RecentErrors errors() {
        return errors;
    }

    /** Chatpass's own signing keys, the ones published at /.well-known/jwks.json. */
    public SigningKeys signingKeys() {
        return signingKeys;
    }

    public static final class Builder {
        private Authenticator authenticator;
        private DataSource dataSource;
        private SecretBox box;
        private MeterRegistry registry;
        private ServerMetrics serverMetrics;
        private Clock clock;
        private RecentErrors errors;
        private SigningKeys signingKeys;
        private io.chatpass.core.store.StoreChanges storeChanges;

        private Builder() {
        }

        public Builder authenticator(Authenticator a) {
            this.authenticator = a;
            return this;
        }

        /** The store, and the box that seals what vendors keep in it. */
        public Builder store(DataSource ds, SecretBox box) {
            this.dataSource = ds;
            this.box = box;
            return this;
        }

        public Builder metrics(MeterRegistry registry, ServerMetrics serverMetrics) {
            this.registry = registry;
            this.serverMetrics = serverMetrics;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder errors(RecentErrors errors) {
            this.errors = errors;
            return this;
        }

        public Builder signingKeys(SigningKeys keys) {
            this.signingKeys = keys;
            return this;
        }

        public Builder storeChanges(io.chatpass.core.store.StoreChanges changes) {
            this.storeChanges = changes;
            return this;
        }

        public VendorContext build() {
            return new VendorContext(this);
        }
    }
}

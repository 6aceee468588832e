package io.chatpass.server.cli;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.signing.SigningAlgorithm;
import io.chatpass.core.signing.SigningKeyStore;
import io.chatpass.core.store.Database;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.signing.SigningRoutes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `chatpass keys signing ...`: Chatpass's own signing keys (published at /.well-known/jwks.json). */
@Command(name = "signing", mixinStandardHelpOptions = true,
        description = "Chatpass's own signing keys (RS256, RS512, ES256), published at /.well-known/jwks.json: create, rotate, status, retire.",
        subcommands = {SigningKeysCommand.Create.class, SigningKeysCommand.Rotate.class, SigningKeysCommand.Status.class,
                SigningKeysCommand.Retire.class})
public final class SigningKeysCommand implements Runnable {
    /** Longest lifetime any vendor token may have: a retired key stays published this long after it stopped signing. */
    static final Duration MAX_TOKEN_LIFETIME = io.chatpass.server.vendor.SecretRules.MAX_LIFETIME;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    abstract static class WithKeys extends KeysCommand.WithStore {
        @Override
        int run(ChatpassConfig cfg, Database db, SecretBox box) {
            try {
                return run(new SigningKeyStore(db.dataSource(), box, Clock.systemUTC()));
            } catch (IllegalStateException | IllegalArgumentException e) {
                System.err.println("refused: " + e.getMessage());
                return 2;
            }
        }

        abstract int run(SigningKeyStore store);

        static SigningAlgorithm alg(String name) {
            return SigningAlgorithm.named(name).orElseThrow(() -> new IllegalArgumentException("--alg must be RS256, RS512 or ES256, not " + name));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "The first key of an algorithm; it signs at once.")
    static final class Create extends WithKeys {
        @Option(names = "--alg", defaultValue = "RS256", description = "RS256 (Salesforce, Dynamics 365), RS512 or ES256.")
        String alg;
        @Option(names = "--bits", defaultValue = "2048", description = "RSA key size: 2048 or 3072.")
        int bits;

        @Override
        int run(SigningKeyStore store) {
            SigningKeyStore.StoredKey k = store.create(alg(alg), bits);
            System.out.println("created " + k.alg() + " key " + k.kid() + "; it signs now and is published at /.well-known/jwks.json");
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "A new key for an algorithm: published now, signing after --publish-before, so verifiers caching the key set see it first.")
    static final class Rotate extends WithKeys {
        @Option(names = "--alg", defaultValue = "RS256", description = "RS256, RS512 or ES256.")
        String alg;
        @Option(names = "--bits", defaultValue = "2048", description = "RSA key size: 2048 or 3072.")
        int bits;
        @Option(names = "--publish-before", defaultValue = "900",
                description = "Seconds between publication and first signature (at least the key set's cache age, 300 s, plus reload).")
        long publishBefore;
        @Option(names = "--now", description = "Sign with the new key at once (the current key leaked; retire it --now next).")
        boolean now;

        @Override
        int run(SigningKeyStore store) {
            long minimum = SigningRoutes.CACHE_AGE.plus(SigningKeyStore.RELOAD_SLACK).toSeconds();
            if (!now && publishBefore < minimum) {
                System.err.println("refused: --publish-before must be at least " + minimum + " seconds (the key set's cache age plus reload), or use --now");
                return 2;
            }
            SigningKeyStore.StoredKey k = store.rotate(alg(alg), bits, now ? Duration.ZERO : Duration.ofSeconds(publishBefore));
            System.out.println("new " + k.alg() + " key " + k.kid() + ": published now, signs from " + Instant.ofEpochMilli(k.signsFrom())
                    + "; afterwards retire the old key with `chatpass keys signing retire KID`");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Every signing key: algorithm, state, and its dates.")
    static final class Status extends WithKeys {
        @Override
        int run(SigningKeyStore store) {
            long now = System.currentTimeMillis();
            List<SigningKeyStore.StoredKey> all = store.all();
            if (all.isEmpty()) System.out.println("no signing keys; create one with `chatpass keys signing create --alg RS256`");
            for (SigningKeyStore.StoredKey k : all) {
                SigningKeyStore.State s = SigningKeyStore.state(k, all, now);
                System.out.println(k.kid() + "  " + k.alg() + "  " + s.name().toLowerCase(java.util.Locale.ROOT)
                        + "  created " + Instant.ofEpochMilli(k.createdAt()) + "  signs from " + Instant.ofEpochMilli(k.signsFrom())
                        + (k.unpublishAt() == null ? "" : (s.published() ? "  published until " : "  unpublished at ") + Instant.ofEpochMilli(k.unpublishAt())));
            }
            return 0;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
            description = "Unpublish a key once every token it signed has expired (refused for the key that signs now); --now at once.")
    static final class Retire extends WithKeys {
        @Parameters(index = "0", description = "The key id (as `keys signing status` prints it).")
        String kid;
        @Option(names = "--now", description = "Unpublish now, even if tokens it signed are still valid (a leaked key).")
        boolean now;

        @Override
        int run(SigningKeyStore store) {
            Instant until = store.retire(kid, MAX_TOKEN_LIFETIME, now);
            System.out.println("key " + kid + " retired; published until " + until);
            return 0;
        }
    }
}

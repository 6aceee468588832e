package io.chatpass.bench;

import io.chatpass.core.Secret;
import io.chatpass.core.login.SiteUser;
import io.chatpass.server.vendors.zendesk.MintedToken;
import io.chatpass.server.vendors.zendesk.ZendeskChatMinter;
import io.chatpass.server.vendors.zendesk.ZendeskMessagingMinter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** HS256 minting of Zendesk Chat and Messaging tokens from a verified site user. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class MintBenchmark {
    private ZendeskChatMinter chat;
    private ZendeskMessagingMinter messaging;
    private SiteUser user;

    @Setup
    public void setup() {
        chat = new ZendeskChatMinter(Secret.ofUtf8("zendesk-chat-shared-secret-0123456789abcdef"), Duration.ofSeconds(300),
                Clock.systemUTC());
        messaging = new ZendeskMessagingMinter("key-1", Secret.ofUtf8("zendesk-messaging-key-0123456789abcdef0123"),
                Duration.ofMinutes(5), ZendeskMessagingMinter.EmailVerifiedPolicy.FROM_LOGIN, Clock.systemUTC());
        user = new SiteUser("b8e3b6f2-1a7e-4c1e-9d0a-2f1b3c4d5e6f", "ann@example.com", "Ann Example", true, "xsolla", Map.of());
    }

    @Benchmark
    public MintedToken chatMint() throws Exception {
        return chat.mint(user);
    }

    @Benchmark
    public MintedToken messagingMint() throws Exception {
        return messaging.mint(user);
    }
}

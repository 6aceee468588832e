package io.chatpass.server.vendors.zendesk;

import io.chatpass.core.Secret;
import io.chatpass.server.config.Problems;
import io.chatpass.server.config.Urls;
import io.chatpass.server.config.VendorSettings;
import io.chatpass.server.vendors.zendesk.ZendeskMessagingMinter.EmailVerifiedPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Zendesk: Chat (one shared secret), Messaging (up to 10 keys, one active) and the Chat REST API for visitor
 * look-up. Each part is off when absent. Secrets and the active key are picked up again on reload.
 */
public record ZendeskConfig(Chat chat, Messaging messaging, Visitors visitors) implements VendorSettings {
    public record Chat(Secret secret, Integer lifetimeSeconds) {
        public Chat {
            lifetimeSeconds = Objects.requireNonNullElse(lifetimeSeconds, (int) ZendeskChatMinter.DEFAULT_LIFETIME.toSeconds());
        }
    }

    public record MessagingKey(String id, Secret secret, Boolean active) {
        public MessagingKey {
            active = Objects.requireNonNullElse(active, false);
        }
    }

    public record Messaging(List<MessagingKey> keys, Integer lifetimeSeconds, String emailVerified) {
        public Messaging {
            keys = List.copyOf(Objects.requireNonNullElse(keys, List.of()));
            lifetimeSeconds = Objects.requireNonNullElse(lifetimeSeconds, (int) ZendeskMessagingMinter.DEFAULT_LIFETIME.toSeconds());
            emailVerified = Objects.requireNonNullElse(emailVerified, "from_login");
        }

        public MessagingKey activeKey() {
            return keys.stream().filter(MessagingKey::active).findFirst().orElseThrow();
        }

        public EmailVerifiedPolicy policy() {
            return EmailVerifiedPolicy.valueOf(emailVerified.toUpperCase(Locale.ROOT));
        }
    }

    public record Visitors(String apiRoot, Secret oauthToken, Integer timeoutMillis) {
        public Visitors {
            timeoutMillis = Objects.requireNonNullElse(timeoutMillis, 3000);
        }
    }

    @Override
    public List<String> productsOn(String section) {
        List<String> out = new java.util.ArrayList<>();
        if (chat != null) out.add(section + ".chat");
        if (messaging != null) out.add(section + ".messaging");
        return out;
    }

    /** Chat signs the email as the visitor's own; Messaging carries the login's verdict in its own claim. */
    @Override
    public List<String> refusingUnverifiedEmail() {
        return chat == null ? List.of() : List.of("zendesk chat");
    }

    @Override
    public void validate(Problems p) {
        if (chat != null) {
            Problems c = p.under("chat");
            checkSecret(c, "secret", chat.secret());
            if (chat.lifetimeSeconds() < 30 || chat.lifetimeSeconds() > ZendeskChatMinter.MAX_LIFETIME.toSeconds()) {
                c.add("lifetimeSeconds", "must be between 30 and 420, not " + chat.lifetimeSeconds(),
                        "Zendesk refuses Chat tokens whose exp is more than 7 minutes after iat; the default is 300");
            }
        }
        if (messaging != null) {
            Problems m = p.under("messaging");
            if (messaging.keys().isEmpty() || messaging.keys().size() > 10) {
                m.add("keys", "must list 1 to 10 keys", "copy each key id and secret from Admin Center > Security > End user authentication");
            }
            long active = messaging.keys().stream().filter(k -> k != null && k.active()).count();
            if (!messaging.keys().isEmpty() && active != 1) {
                m.add("keys", "has " + active + " active keys", "mark exactly one key active: true; it signs, the others wait for rotation");
            }
            for (int i = 0; i < messaging.keys().size(); i++) {
                MessagingKey k = messaging.keys().get(i);
                Problems kp = m.under("keys[" + i + "]");
                if (k == null || k.id() == null || !k.id().matches("[A-Za-z0-9_.:-]{1,128}")) {
                    kp.add("id", "is missing or not a plain key id", "copy the key id from Zendesk Admin Center");
                }
                if (k != null) checkSecret(kp, "secret", k.secret());
            }
            if (messaging.lifetimeSeconds() < 30 || messaging.lifetimeSeconds() > ZendeskMessagingMinter.MAX_LIFETIME.toSeconds()) {
                m.add("lifetimeSeconds", "must be between 30 and 86400, not " + messaging.lifetimeSeconds(), "the default is 300");
            }
            if ("always".equalsIgnoreCase(messaging.emailVerified())) {
                m.add("emailVerified", "is 'always', which would vouch for emails the login did not verify",
                        "remove it; if your login only issues tokens for verified addresses, set emailsVerified: true on its "
                                + "verifier (login.verifiers[]), which every vendor then honours");
            } else {
                try {
                    messaging.policy();
                } catch (IllegalArgumentException e) {
                    m.add("emailVerified", "must be from_login or never, not '" + messaging.emailVerified() + "'",
                            "from_login tells Zendesk what the login verified");
                }
            }
        }
        if (visitors != null) {
            Problems v = p.under("visitors");
            if (visitors.apiRoot() == null) {
                v.add("apiRoot", "is missing", "use https://www.zopim.com/api/v2 or https://SUBDOMAIN.zendesk.com/api/v2/chat");
            } else {
                Urls.checkSecretCarrier(v, "apiRoot", visitors.apiRoot());
            }
            if (visitors.oauthToken() == null) v.add("oauthToken", "is missing", "give a Chat API OAuth token, e.g. ${ZENDESK_CHAT_OAUTH_TOKEN}");
            if (visitors.timeoutMillis() < 100 || visitors.timeoutMillis() > 30_000) {
                v.add("timeoutMillis", "must be between 100 and 30000", "the default is 3000");
            }
        }
    }

    private static void checkSecret(Problems p, String key, Secret s) {
        if (s == null) {
            p.add(key, "is missing", "copy the shared secret from Zendesk and reference it, e.g. ${ZENDESK_CHAT_SECRET}");
        } else if (!s.isStrongHmacKey()) {
            p.add(key, "is " + s.length() + " bytes (" + s.length() * 8 + " bits); an HMAC secret needs at least 256 bits (32 bytes)",
                    "use the full secret Zendesk generated");
        }
    }
}

package io.chatpass.core.widgets;

import io.chatpass.core.Secret;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * The vendors that check one HMAC over one identity value (see {@link Hmacs} for the exact rule). Each named factory
 * is one vendor's documented layout: which value is signed, the field names, and whether the email is required.
 * Optional values the login does not have are left out of the answer rather than sent empty.
 */
public final class HmacIdentity implements IdentityIssuer {
    enum Value { ID, EMAIL, NAME, SIGNATURE }

    record Field(String name, Value value) {
    }

    private final String vendor;
    private final SecretKeySpec key;
    private final Value signed;
    private final boolean emailRequired;
    private final List<Field> layout;

    private HmacIdentity(String vendor, Secret secret, Value signed, boolean emailRequired, List<Field> layout) {
        this.vendor = vendor;
        this.key = Hmacs.key(secret);
        this.signed = signed;
        this.emailRequired = emailRequired || signed == Value.EMAIL;
        this.layout = List.copyOf(layout);
    }

    private static Field f(String name, Value value) {
        return new Field(name, value);
    }

    /** Intercom identity verification (deprecated by Intercom, still served): user_hash over user_id. */
    public static HmacIdentity intercom(Secret identityVerificationSecret) {
        return new HmacIdentity("intercom", identityVerificationSecret, Value.ID, false, List.of(
                f("user_id", Value.ID), f("email", Value.EMAIL), f("name", Value.NAME), f("user_hash", Value.SIGNATURE)));
    }

    /** Tawk.to Secure Mode for {@code Tawk_API.login}: hash over userId. */
    public static HmacIdentity tawkto(Secret propertyKey) {
        return new HmacIdentity("tawkto", propertyKey, Value.ID, false, List.of(
                f("userId", Value.ID), f("name", Value.NAME), f("email", Value.EMAIL), f("hash", Value.SIGNATURE)));
    }

    /** Help Scout Beacon secure mode: signature over the email. */
    public static HmacIdentity helpscout(Secret beaconSecret) {
        return new HmacIdentity("helpscout", beaconSecret, Value.EMAIL, true, List.of(
                f("name", Value.NAME), f("email", Value.EMAIL), f("signature", Value.SIGNATURE)));
    }

    /** Chatwoot identity validation: identifier_hash over the identifier (the site user id). */
    public static HmacIdentity chatwoot(Secret inboxHmacToken) {
        return new HmacIdentity("chatwoot", inboxHmacToken, Value.ID, false, List.of(
                f("identifier", Value.ID), f("name", Value.NAME), f("email", Value.EMAIL), f("identifier_hash", Value.SIGNATURE)));
    }

    /** Front Chat identity verification: userHash over the email (no user id is sent, so the email is what is signed). */
    public static HmacIdentity front(Secret verificationSecret) {
        return new HmacIdentity("front", verificationSecret, Value.EMAIL, true, List.of(
                f("email", Value.EMAIL), f("name", Value.NAME), f("userHash", Value.SIGNATURE)));
    }

    @Override
    public String vendor() {
        return vendor;
    }

    @Override
    public Map<String, Object> identify(SiteUser user) throws LoginFailure {
        String email = Fields.email(user, vendor, emailRequired);
        String name = Fields.name(user);
        String signature = Hmacs.hex(key, signed == Value.ID ? user.id() : email);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field field : layout) {
            Object v = switch (field.value()) {
                case ID -> user.id();
                case EMAIL -> email;
                case NAME -> name;
                case SIGNATURE -> signature;
            };
            if (v != null) out.put(field.name(), v);
        }
        return out;
    }
}

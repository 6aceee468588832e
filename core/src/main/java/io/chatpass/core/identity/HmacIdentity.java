package io.chatpass.core.identity;

import io.chatpass.core.Secret;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * An identity for a vendor that checks one HMAC over one identity value (see {@link Hmacs} for the exact rule): which
 * value is signed, the field names in the vendor's documented order, and whether the email is required come from the
 * vendor's {@link Layout}. Optional values the login does not have are left out of the answer rather than sent empty.
 */
public final class HmacIdentity implements IdentityIssuer {
    /** A value of the answer. */
    public enum Value { ID, EMAIL, NAME, SIGNATURE }

    /** One field of the answer: the vendor's name for it, and its value. */
    public record Field(String name, Value value) {
    }

    /**
     * One vendor's documented layout.
     *
     * @param signed        the value the HMAC is computed over (ID or EMAIL; signing the email makes it required)
     * @param emailRequired the vendor keys conversations on the email: a missing or unverified one is refused (422)
     */
    public record Layout(String vendor, Value signed, boolean emailRequired, List<Field> fields) {
        public Layout {
            if (signed != Value.ID && signed != Value.EMAIL) throw new IllegalArgumentException("the HMAC is over the id or the email");
            emailRequired = emailRequired || signed == Value.EMAIL;
            fields = List.copyOf(fields);
        }

        /** The issuer of this layout with the vendor's secret. */
        public HmacIdentity issuer(Secret secret) {
            return new HmacIdentity(this, secret);
        }
    }

    /** A field of a layout. */
    public static Field field(String name, Value value) {
        return new Field(name, value);
    }

    private final String vendor;
    private final SecretKeySpec key;
    private final Value signed;
    private final boolean emailRequired;
    private final List<Field> layout;

    private HmacIdentity(Layout layout, Secret secret) {
        this.vendor = layout.vendor();
        this.key = Hmacs.key(secret);
        this.signed = layout.signed();
        this.emailRequired = layout.emailRequired();
        this.layout = layout.fields();
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

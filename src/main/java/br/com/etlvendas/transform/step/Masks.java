package br.com.etlvendas.transform.step;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * The ways {@code mask} writes a personal value. {@link #keepLast} keeps what analysts use (the last digits of a
 * phone, the check digits of a CPF/CNPJ, numeric or alphanumeric) and drops punctuation, so the mask does not
 * reveal the value's layout either; {@link #hash} keeps values joinable (the same customer gives the same mask in
 * every sale and every run) without revealing them, as long as the salt stays secret.
 */
final class Masks {

    static final String REDACTED = "***";
    /** Hex characters kept of the HMAC: 128 bits, unique in practice and half the width of the whole digest. */
    private static final int HASH_HEX_CHARS = 32;

    private Masks() {
    }

    /** Letters and digits only, every one but the last {@code keep} replaced by {@code *}: 529.982.247-25 → *********25. */
    static UnaryOperator<String> keepLast(int keep) {
        return value -> {
            int total = 0;
            for (int i = 0; i < value.length(); i++) {
                if (Character.isLetterOrDigit(value.charAt(i))) {
                    total++;
                }
            }
            StringBuilder out = new StringBuilder(total);
            int seen = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    out.append(seen++ < total - keep ? '*' : c);
                }
            }
            return out.toString();
        };
    }

    /** ana.souza@example.com → a***@example.com; text without a local part and a domain is redacted. */
    static String email(String value) {
        String v = value.strip();
        int at = v.lastIndexOf('@');
        if (at <= 0 || at == v.length() - 1) {
            return REDACTED;
        }
        return v.charAt(0) + REDACTED + v.substring(at);
    }

    static String redact(String value) {
        return REDACTED;
    }

    /** HMAC-SHA256 of the value under {@code salt}, the first {@value #HASH_HEX_CHARS} hex characters. */
    static UnaryOperator<String> hash(String salt) {
        SecretKeySpec key = new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        // a Mac is not thread-safe and costly to look up: one per stream thread, made once
        ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
            }
        });
        return value -> HexFormat.of().formatHex(macs.get().doFinal(value.strip().getBytes(StandardCharsets.UTF_8)))
                .substring(0, HASH_HEX_CHARS);
    }
}

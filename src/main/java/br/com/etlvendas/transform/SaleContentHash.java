package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.Store;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A 64-bit fingerprint of what the warehouse stores for one line: the line's own fields and its sale's fields
 * (time, store, channel, customer, payment, currency, status, installments), so that de-duplication tells an identical
 * re-send from a changed one without keeping the content. Not part of it: the source name and the record's
 * version, which say where and when a sale was sent, not what it is. Text is hashed char by char (FNV-1a,
 * 64 bits) rather than through {@link String#hashCode()}, whose 32 bits collide on short words ("Aa", "BB");
 * amounts are normalised before de-duplication, so equal amounts have equal scale.
 */
final class SaleContentHash {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    /** Written between fields, so that moving text from one field to the next changes the fingerprint. */
    private static final long SEPARATOR = 0x9E3779B97F4A7C15L;

    private SaleContentHash() {
    }

    /** The fingerprint of the sale-level fields; {@link #line} folds it into each line's. */
    static long ofSale(Sale s) {
        long h = OFFSET;
        h = mix(h, s.soldAt() == null ? 0 : s.soldAt().toEpochSecond());
        h = mix(h, s.soldAt() == null ? 0 : s.soldAt().getNano() * 100_000L + s.soldAt().getOffset().getTotalSeconds());
        Store st = s.store();
        if (st != null) {
            h = text(h, st.storeId());
            h = text(h, st.name());
            h = text(h, st.city());
            h = text(h, st.state());
            h = text(h, st.country());
        }
        h = mix(h, s.channel() == null ? -1 : s.channel().ordinal());
        Customer c = s.customer();
        if (c != null) {
            h = text(h, c.customerId());
            h = text(h, c.name());
            h = text(h, c.document());
        }
        h = mix(h, s.paymentMethod() == null ? -1 : s.paymentMethod().ordinal());
        h = text(h, s.currency());
        h = mix(h, s.status() == null ? -1 : s.status().ordinal());
        // absent installments leave the fingerprint as it was before the field existed, so the fingerprints
        // de-duplication remembers from then still match a re-send; a change of them is a new version
        return s.installments() == null ? h : mix(h, s.installments());
    }

    /** The fingerprint of one line of a sale whose own fingerprint is {@code saleHash}. */
    static long line(long saleHash, SaleLine l) {
        long h = mix(saleHash, l.lineNo());
        h = text(h, l.sku());
        h = text(h, l.productName());
        h = text(h, l.category());
        h = decimal(h, l.quantity());
        h = money(h, l.unitPrice());
        h = money(h, l.discount());
        h = money(h, l.netAmount());
        for (Map.Entry<String, String> e : l.attributes().entrySet()) {
            h = text(h, e.getKey());
            h = text(h, e.getValue());
        }
        return finish(h);
    }

    private static long money(long h, Money m) {
        return decimal(h, m == null ? null : m.amount());
    }

    private static long decimal(long h, BigDecimal d) {
        if (d == null) {
            return mix(h, -1);
        }
        // precision and scale with the hash: unscaled values that fit in a long hash without loss of their low bits
        return mix(mix(h, d.hashCode()), ((long) d.precision() << 32) | (d.scale() & 0xFFFFFFFFL));
    }

    private static long text(long h, String s) {
        h = (h ^ SEPARATOR) * PRIME;
        if (s == null) {
            return (h ^ 0xFF) * PRIME;
        }
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * PRIME;
        }
        return h;
    }

    private static long mix(long h, long v) {
        h = (h ^ SEPARATOR) * PRIME;
        for (int i = 0; i < 8; i++) {
            h = (h ^ (v & 0xFF)) * PRIME;
            v >>>= 8;
        }
        return h;
    }

    /** Spreads the last bytes over every bit (murmur3's finaliser). */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}

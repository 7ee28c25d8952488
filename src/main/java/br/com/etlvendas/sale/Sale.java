package br.com.etlvendas.sale;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A validated order with one or more lines. {@code soldAt} always carries its offset; {@code source}
 * names where the record came from (e.g. {@code generator:run-1}).
 * <p>
 * Versions: {@code version} is the source's own order of a sale's versions (a version number, or an
 * updated-at as microseconds since the epoch), null when the source gives none (arrival order then decides);
 * {@code wholeSale} says the record carries every line of the sale, so it replaces the sale when it differs;
 * {@code revision} is set by de-duplication on {@code sales.clean} and tells the loader what to do (null before).
 * <p>
 * {@code installments} is the number of instalments the sale was paid in (número de parcelas, 1 to 48), null when
 * the source does not say. It was added to the event after the others: left out of the JSON when null, so
 * records written before it existed and records without it are the same bytes, and both read as null.
 */
public record Sale(String saleId, OffsetDateTime soldAt, Store store, Channel channel, Customer customer,
                   PaymentMethod paymentMethod, String currency, SaleStatus status, List<SaleLine> lines,
                   String source, Long version, boolean wholeSale, SaleRevision revision,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Integer installments) {

    /**
     * Most instalments a sale may be paid in: card plans in Brazil seldom pass 12 or 24, and 48 leaves room for store
     * cards and crediário; validation refuses more, and so does the warehouse's check on {@code installments}.
     */
    public static final int MAX_INSTALLMENTS = 48;

    public Sale {
        lines = List.copyOf(lines);
    }

    /** A sale without a source-given version, not said to be whole, before de-duplication. */
    public Sale(String saleId, OffsetDateTime soldAt, Store store, Channel channel, Customer customer,
                PaymentMethod paymentMethod, String currency, SaleStatus status, List<SaleLine> lines, String source) {
        this(saleId, soldAt, store, channel, customer, paymentMethod, currency, status, lines, source, null, false, null,
                null);
    }

    /** A sale whose source says nothing of instalments. */
    public Sale(String saleId, OffsetDateTime soldAt, Store store, Channel channel, Customer customer,
                PaymentMethod paymentMethod, String currency, SaleStatus status, List<SaleLine> lines, String source,
                Long version, boolean wholeSale, SaleRevision revision) {
        this(saleId, soldAt, store, channel, customer, paymentMethod, currency, status, lines, source, version,
                wholeSale, revision, null);
    }

    /** This sale at another store (every other field, its version and revision included, kept). */
    public Sale withStore(Store newStore) {
        return new Sale(saleId, soldAt, newStore, channel, customer, paymentMethod, currency, status, lines, source,
                version, wholeSale, revision, installments);
    }

    /** This sale with another customer (every other field kept). */
    public Sale withCustomer(Customer newCustomer) {
        return new Sale(saleId, soldAt, store, channel, newCustomer, paymentMethod, currency, status, lines, source,
                version, wholeSale, revision, installments);
    }

    /** This sale through another channel (every other field kept). */
    public Sale withChannel(Channel newChannel) {
        return new Sale(saleId, soldAt, store, newChannel, customer, paymentMethod, currency, status, lines, source,
                version, wholeSale, revision, installments);
    }

    /** This sale paid another way (every other field kept). */
    public Sale withPaymentMethod(PaymentMethod newPaymentMethod) {
        return new Sale(saleId, soldAt, store, channel, customer, newPaymentMethod, currency, status, lines, source,
                version, wholeSale, revision, installments);
    }

    public Sale withLines(List<SaleLine> newLines) {
        return new Sale(saleId, soldAt, store, channel, customer, paymentMethod, currency, status, newLines, source,
                version, wholeSale, revision, installments);
    }

    /** This sale with {@code newLines} and what the loader must do with them. */
    public Sale revised(List<SaleLine> newLines, SaleRevision newRevision) {
        return new Sale(saleId, soldAt, store, channel, customer, paymentMethod, currency, status, newLines, source,
                version, wholeSale, newRevision, installments);
    }

    /** What the loader does with this record: {@link SaleRevision#NEW} when none was set. */
    public SaleRevision revisionOrNew() {
        return revision == null ? SaleRevision.NEW : revision;
    }

    /** Whether the lines of this sale count as revenue: only completed sales do. */
    public boolean countsAsRevenue() {
        return status == SaleStatus.COMPLETED;
    }

    /** Sum of the lines' net amounts when the sale counts as revenue, zero otherwise. */
    public Money revenue() {
        if (!countsAsRevenue()) {
            return Money.ZERO;
        }
        Money total = Money.ZERO;
        for (SaleLine l : lines) {
            total = total.plus(l.netAmount());
        }
        return total;
    }
}

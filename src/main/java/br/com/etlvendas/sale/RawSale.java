package br.com.etlvendas.sale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A sale as a source published it to {@code sales.raw}: every field is text and may be missing or wrong,
 * so that validation can report all of its problems at once. {@code source} names the source (and run),
 * {@code origin} where in it the record came from (file and line, request id, sequence number).
 * A payload that could not even be read as JSON arrives as {@link #unreadable}; a row a source could not
 * map is published as {@link #rejectedAtSource}.
 * <p>
 * {@code version} orders a sale's versions when the source gives it (a whole number, or an updated-at as
 * ISO-8601 date-time); {@code wholeSale} is {@code true} when the record carries every line of its sale (sources
 * that send whole orders), so that it replaces the sale; both are optional and left out of the JSON when absent.
 * {@code installments} (número de parcelas, a whole number from 1 to 48) is optional too: absent, the sale's
 * instalments are unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RawSale(String saleId, String soldAt, String storeId, String storeName, String storeCity,
                      String storeState, String storeCountry, String channel, String customerId, String customerName,
                      String customerDocument, String paymentMethod, String currency, String status,
                      List<RawSaleLine> lines, String source, String origin, List<String> unreadableReasons,
                      String unreadablePayload, String version, Boolean wholeSale, String installments) {

    /** A sale whose source says nothing of instalments. */
    public RawSale(String saleId, String soldAt, String storeId, String storeName, String storeCity,
                   String storeState, String storeCountry, String channel, String customerId, String customerName,
                   String customerDocument, String paymentMethod, String currency, String status,
                   List<RawSaleLine> lines, String source, String origin, List<String> unreadableReasons,
                   String unreadablePayload, String version, Boolean wholeSale) {
        this(saleId, soldAt, storeId, storeName, storeCity, storeState, storeCountry, channel, customerId, customerName,
                customerDocument, paymentMethod, currency, status, lines, source, origin, unreadableReasons,
                unreadablePayload, version, wholeSale, null);
    }

    /** A sale with no version, not said to be whole. */
    public RawSale(String saleId, String soldAt, String storeId, String storeName, String storeCity,
                   String storeState, String storeCountry, String channel, String customerId, String customerName,
                   String customerDocument, String paymentMethod, String currency, String status,
                   List<RawSaleLine> lines, String source, String origin, List<String> unreadableReasons,
                   String unreadablePayload) {
        this(saleId, soldAt, storeId, storeName, storeCity, storeState, storeCountry, channel, customerId, customerName,
                customerDocument, paymentMethod, currency, status, lines, source, origin, unreadableReasons,
                unreadablePayload, null, null, null);
    }

    /** A sale from a store in Brazil (no country given means Brazil). */
    public RawSale(String saleId, String soldAt, String storeId, String storeName, String storeCity,
                   String storeState, String channel, String customerId, String customerName,
                   String customerDocument, String paymentMethod, String currency, String status,
                   List<RawSaleLine> lines, String source, String origin, List<String> unreadableReasons,
                   String unreadablePayload) {
        this(saleId, soldAt, storeId, storeName, storeCity, storeState, null, channel, customerId, customerName,
                customerDocument, paymentMethod, currency, status, lines, source, origin, unreadableReasons,
                unreadablePayload);
    }

    /** A payload that could not be read as a sale at all, with the reason. */
    public static RawSale unreadable(String payload, String reason) {
        return new RawSale(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(reason), payload);
    }

    /**
     * A row a source could read but not turn into a sale (wrong column count, undecodable bytes, a number
     * or date its mapping cannot parse): published like any record so it reaches the DLQ with its reasons,
     * its origin, and its raw text as the DLQ payload.
     */
    public static RawSale rejectedAtSource(String rawText, List<String> reasons, String source, String origin) {
        return new RawSale(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, source, origin, List.copyOf(reasons), rawText);
    }

    /** This record attributed to another source name (a one-shot ingest run names its own). */
    public RawSale withSource(String newSource) {
        return new RawSale(saleId, soldAt, storeId, storeName, storeCity, storeState, storeCountry, channel, customerId,
                customerName, customerDocument, paymentMethod, currency, status, lines, newSource, origin,
                unreadableReasons, unreadablePayload, version, wholeSale, installments);
    }

    /** Every reason this record could not be read, joined; null when it was read. */
    @JsonIgnore
    public String unreadableReason() {
        return unreadableReasons == null || unreadableReasons.isEmpty() ? null : String.join("; ", unreadableReasons);
    }

    /** This record with source and origin taken from the record's headers where the payload names none. */
    public RawSale withSourceIfMissing(String headerSource, String headerOrigin) {
        if ((source != null || headerSource == null) && (origin != null || headerOrigin == null)) {
            return this;
        }
        return new RawSale(saleId, soldAt, storeId, storeName, storeCity, storeState, storeCountry, channel, customerId,
                customerName, customerDocument, paymentMethod, currency, status, lines, source != null ? source : headerSource,
                origin != null ? origin : headerOrigin, unreadableReasons, unreadablePayload, version, wholeSale,
                installments);
    }

    /** This record with the source's version of the sale and whether it carries the whole sale. */
    public RawSale withVersion(String newVersion, Boolean newWholeSale) {
        return new RawSale(saleId, soldAt, storeId, storeName, storeCity, storeState, storeCountry, channel, customerId,
                customerName, customerDocument, paymentMethod, currency, status, lines, source, origin, unreadableReasons,
                unreadablePayload, newVersion, newWholeSale, installments);
    }

    @JsonIgnore
    public boolean isUnreadable() {
        return unreadableReasons != null && !unreadableReasons.isEmpty();
    }

    /**
     * How many lines this record stands for in the reconciliation: its lines, or one for a record with
     * none (an empty or unreadable record is still one thing that was rejected).
     */
    @JsonIgnore
    public int lineCount() {
        return lines == null || lines.isEmpty() ? 1 : lines.size();
    }
}

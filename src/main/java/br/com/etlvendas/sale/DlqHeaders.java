package br.com.etlvendas.sale;

/**
 * Header names on {@code sales.dlq}. The record's key and value are the original ones, untouched, so a
 * record can be replayed as it came; these headers say why it was rejected and where it came from.
 */
public final class DlqHeaders {

    /** Pipeline stage that rejected the record, e.g. {@code validate}. */
    public static final String STAGE = "etl.stage";
    /** The {@link #STAGE} of a sale the warehouse refused for good after it passed validation. */
    public static final String STAGE_LOAD = "load";
    /** The {@link #STAGE} of a record a transformation step (or normalisation) threw on. */
    public static final String STAGE_TRANSFORM = "transform";
    /**
     * The {@link #STAGE} of a record a processor threw on that no stage of the topology caught: sent by Kafka Streams'
     * processing exception handler, so that the thread goes on; it is in no KPI count, and reconciliation reads it here.
     */
    public static final String STAGE_PROCESSING = "processing";
    /** The name of the transformation step (or processor) that threw, for a record rejected by an exception. */
    public static final String STEP = "etl.step";
    /** The class of the exception, for a record rejected by an exception. */
    public static final String EXCEPTION = "etl.exception";
    /** Every reason, as a JSON array of strings. */
    public static final String REASONS = "etl.reasons";
    /** Topic, partition and offset the record was read from. */
    public static final String ORIGIN_TOPIC = "etl.origin.topic";
    public static final String ORIGIN_PARTITION = "etl.origin.partition";
    public static final String ORIGIN_OFFSET = "etl.origin.offset";
    /** The source that published it and where in that source it came from (file and line, request id). */
    public static final String SOURCE = SourceHeaders.SOURCE;
    public static final String SOURCE_ORIGIN = SourceHeaders.ORIGIN;
    /** How many lines the record stands for in reconciliation. */
    public static final String LINE_COUNT = "etl.line-count";
    /** When it was rejected, ISO-8601 UTC. */
    public static final String REJECTED_AT = "etl.rejected-at";
    /**
     * What the payload is: {@link #PAYLOAD_SOURCE_ROW} when it is the raw text of a row its source could not map
     * (a CSV record, a JSON object), so a replay maps it again; absent when it is the record as {@code sales.raw}
     * held it.
     */
    public static final String PAYLOAD = "etl.payload";
    public static final String PAYLOAD_SOURCE_ROW = "source-row";
    /**
     * On {@code sales.raw}: the record is a replay of the DLQ record at this {@code partition:offset} of the DLQ
     * topic ({@code dlq replay}). Kept when the replay is rejected again, so the new DLQ record names its ancestor.
     */
    public static final String REPLAY_OF = "etl.replay-of";

    private DlqHeaders() {
    }
}

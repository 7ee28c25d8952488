package br.com.etlvendas.sale;

/**
 * Headers every source sets on {@code sales.raw}, so that even a payload nobody can read is still
 * attributed to its source and place of origin when it reaches the DLQ and the KPIs.
 */
public final class SourceHeaders {

    /** The source that published the record, e.g. {@code generator:g20261129-101558} or {@code s3:vendas}. */
    public static final String SOURCE = "etl.source";
    /** Where in that source it came from: file and line, request id, sequence number. */
    public static final String ORIGIN = "etl.source.origin";

    private SourceHeaders() {
    }
}

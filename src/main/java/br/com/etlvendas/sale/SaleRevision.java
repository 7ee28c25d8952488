package br.com.etlvendas.sale;

/**
 * What a record on {@code sales.clean} does to its sale in the warehouse, as de-duplication decided: the
 * loader COPYs {@link #NEW} lines straight in, writes {@link #LINES} over the lines they name, and for
 * {@link #WHOLE} makes the sale's lines exactly the record's (lines it no longer has are deleted).
 * A record written before revisions existed has none and is read as {@link #NEW}.
 */
public enum SaleRevision {
    /** Lines never loaded before (a new sale, or new lines of one sent line by line). */
    NEW,
    /** Corrects lines already loaded (same line number, other content) and may add new ones; no line is removed. */
    LINES,
    /** A new version of the whole sale: its lines replace every line loaded for the sale. */
    WHOLE
}

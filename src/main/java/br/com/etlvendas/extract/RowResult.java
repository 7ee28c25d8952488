package br.com.etlvendas.extract;

/** One row read from a source: either its data, or why it could not be read. */
public sealed interface RowResult permits SourceRow, RowError {

    /** 1-based position in the source: the physical line where the row starts in a text file, else the record number. */
    long number();

    /** The row as the source wrote it (for CSV the record's text), kept for the DLQ. */
    String rawText();
}

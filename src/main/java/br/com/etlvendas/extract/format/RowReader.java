package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowResult;

/**
 * Streams the rows of one file, never holding the whole file in memory. {@link #next()} returns null at
 * the end. A problem with one row is a {@link br.com.etlvendas.extract.RowError}; a problem that makes the
 * rest of the file unreadable is a {@link FileReadException}.
 */
public interface RowReader extends AutoCloseable {

    RowResult next() throws FileReadException;

    @Override
    void close();
}

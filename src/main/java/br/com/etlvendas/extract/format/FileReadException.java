package br.com.etlvendas.extract.format;

/**
 * A file that cannot be read at all (empty, truncated gzip, unknown format, malformed past recovery). The
 * source reports it as a file-level error event and moves on to the next file.
 */
public final class FileReadException extends Exception {

    public FileReadException(String message) {
        super(message);
    }

    public FileReadException(String message, Throwable cause) {
        super(message, cause);
    }
}

package br.com.etlvendas.extract.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Where files are dropped: an S3 bucket or local directories. */
public interface FileStore {

    /** Every file currently present in the watched places. */
    List<FileRef> list() throws IOException;

    /** A stream over the file's bytes; the file is never read whole into memory. */
    InputStream open(FileRef file) throws IOException;

    /** Whether this store holds files with this URI. */
    boolean owns(String uri);

    /** What the source is configured to do with a file once read: keep, tag or move it. */
    void afterProcessing(FileRef file) throws IOException;
}

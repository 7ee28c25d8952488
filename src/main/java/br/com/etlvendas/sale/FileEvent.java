package br.com.etlvendas.sale;

import java.time.Instant;

/**
 * The life of one source file on {@code etl.files} (compacted, keyed by {@link #fileId}): discovered by a
 * watcher, then in progress (with the rows published so far, committed in the same transaction as those
 * rows), then done or failed. The latest event per file is the durable record of what was read, so a
 * restart neither re-reads nor skips a file, and resumes a file where it stopped.
 *
 * @param fileId    the file's identity: its URI and version ({@code s3://bucket/key@etag})
 * @param uri       where it is: {@code s3://bucket/key} or {@code file:/path}
 * @param version   ETag of an S3 object; size and modification time of a local file
 * @param mapping   path of the mapping file it is read with
 * @param rowsDone  rows read and published so far (the resume point)
 * @param rowsRejected rows the source could not read or map (sent to the DLQ with their reasons)
 * @param message   why a file failed; empty otherwise
 */
public record FileEvent(String fileId, String uri, String version, long size, String mapping, Status status,
                        long rowsDone, long rowsRejected, String message, Instant at) {

    public enum Status { DISCOVERED, IN_PROGRESS, DONE, FAILED }

    public static String idOf(String uri, String version) {
        return uri + "@" + version;
    }

    public boolean finished() {
        return status == Status.DONE || status == Status.FAILED;
    }

    public FileEvent with(Status newStatus, long rows, long rejected, String why, Instant when) {
        return new FileEvent(fileId, uri, version, size, mapping, newStatus, rows, rejected, why, when);
    }
}

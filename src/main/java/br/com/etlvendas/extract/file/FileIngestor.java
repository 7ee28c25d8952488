package br.com.etlvendas.extract.file;

import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.format.FileReadException;
import br.com.etlvendas.extract.format.FormatSpec;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Reads one file row by row and publishes every row to {@code sales.raw}: mapped rows as sales, rows that
 * cannot be read or mapped as rejected records (so they reach the DLQ with file, line, reasons and raw
 * text). Every {@code rowsPerTransaction} rows the progress is committed in the same Kafka transaction as
 * the rows, so a stopped ingestion resumes after the last committed row, never repeating or skipping one.
 * A file that cannot be read at all ends as FAILED with its reason; rows before the failure stay published.
 */
public final class FileIngestor {

    private static final Logger log = LoggerFactory.getLogger(FileIngestor.class);

    /** Told of progress, e.g. to draw a progress bar. */
    public interface Progress {
        void rows(long done);
    }

    private final SourcePublisher publisher;
    private final Topic<String, FileEvent> files;
    private final int rowsPerTransaction;
    private final Clock clock;
    private volatile boolean stopping;

    public FileIngestor(SourcePublisher publisher, Topic<String, FileEvent> files, int rowsPerTransaction, Clock clock) {
        this.publisher = publisher;
        this.files = files;
        this.rowsPerTransaction = rowsPerTransaction;
        this.clock = clock;
    }

    /**
     * Asks a running ingestion to stop at its next transaction boundary: the rows so far stay committed with
     * their progress, and the file is left IN_PROGRESS, to be resumed.
     */
    public void stop() {
        stopping = true;
    }

    Topic<String, FileEvent> filesTopic() {
        return files;
    }

    /**
     * Publishes the rows of the file after {@code start.rowsDone()}; returns the file's final event.
     *
     * @param rename maps each published record, e.g. to attribute it to a one-shot run's source name
     */
    public FileEvent ingest(FileEvent start, InputStream in, FormatSpec format, RowMapper mapper,
                            UnaryOperator<RawSale> rename, Progress progress) {
        boolean resuming = start.status() == FileEvent.Status.IN_PROGRESS;
        long resumeAfter = resuming ? start.rowsDone() : 0;
        long rows = resumeAfter;
        long rejected = resuming ? start.rowsRejected() : 0;
        FileEvent current = start;
        publisher.begin();
        try (RowPipeline pipeline = new RowPipeline(start.uri(), in, format, mapper, rename, publisher::prepare,
                resumeAfter)) {
            SourcePublisher.Prepared row;
            while ((row = pipeline.next()) != null) {
                rows++;
                if (row.unreadable()) {
                    rejected++;
                }
                publisher.send(row);
                if (rows % rowsPerTransaction == 0) {
                    current = start.with(FileEvent.Status.IN_PROGRESS, rows, rejected, "", clock.instant());
                    publisher.publishState(files, start.fileId(), current);
                    publisher.commit();
                    progress.rows(rows);
                    if (stopping) {
                        log.info("Stopped reading {} after row {}; it resumes from there", start.uri(), rows);
                        return current;
                    }
                    publisher.begin();
                }
            }
            if (rows == 0) {
                throw new FileReadException("file has no rows");
            }
            current = start.with(FileEvent.Status.DONE, rows, rejected, "", clock.instant());
        } catch (FileReadException e) {
            log.warn("File {} cannot be read past row {}: {}", start.uri(), rows, e.getMessage());
            current = start.with(FileEvent.Status.FAILED, rows, rejected, e.getMessage(), clock.instant());
        } catch (RuntimeException e) {
            publisher.abort();
            throw e;
        }
        publisher.publishState(files, start.fileId(), current);
        publisher.commit();
        progress.rows(current.rowsDone());
        return current;
    }
}

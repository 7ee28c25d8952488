package br.com.etlvendas.extract.file;

import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.SourcePublisher.Prepared;
import br.com.etlvendas.extract.format.FileReadException;
import br.com.etlvendas.extract.format.FormatSpec;
import br.com.etlvendas.extract.format.RowReader;
import br.com.etlvendas.extract.format.RowReaders;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.RawSale;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Reads, maps and serialises a file's rows on a thread of its own and hands them over in order, in chunks, to
 * the thread that publishes them: reading a row costs more than sending it, so on two cores the two overlap
 * instead of taking turns. Rows up to {@code skip} are read but not mapped (a resumed file). The end of the
 * file, or why it could not be read further, comes after the last row. {@link #close} stops the reading
 * thread and waits for it, so the file's stream can be closed safely afterwards.
 */
public final class RowPipeline implements AutoCloseable {

    /** Rows per hand-over: large enough that the queue costs nothing per row, small enough to start sending soon. */
    static final int CHUNK = 256;
    private static final int CHUNKS_AHEAD = 64;
    private static final long STOP_WAIT_MS = 10_000;

    /** A run of prepared rows, or the end: {@code failure} set when the file could not be read further. */
    private record Chunk(List<Prepared> rows, boolean last, FileReadException failure, RuntimeException error) {
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread thread;
    private volatile boolean closed;
    private List<Prepared> current = List.of();
    private int index;
    private Chunk end;

    /**
     * Starts reading.
     *
     * @param prepare turns a mapped row into a record ready to send ({@link SourcePublisher#prepare})
     */
    public RowPipeline(String fileUri, InputStream in, FormatSpec format, RowMapper mapper, UnaryOperator<RawSale> rename,
                Function<RawSale, Prepared> prepare, long skip) {
        this.thread = new Thread(() -> read(fileUri, in, format, mapper, rename, prepare, skip),
                "file-reader " + fileUri);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next row in file order; null at the end of the file. */
    public Prepared next() throws FileReadException {
        while (index == current.size()) {
            if (end != null) {
                if (end.failure() != null) {
                    throw end.failure();
                }
                if (end.error() != null) {
                    throw end.error();
                }
                return null;
            }
            Chunk chunk = take();
            current = chunk.rows();
            index = 0;
            if (chunk.last()) {
                end = chunk;
            }
        }
        return current.get(index++);
    }

    private Chunk take() {
        try {
            while (true) {
                Chunk chunk = queue.poll(1, TimeUnit.SECONDS);
                if (chunk != null) {
                    return chunk;
                }
                if (!thread.isAlive() && queue.isEmpty()) {
                    throw new IllegalStateException("the thread reading the file ended without saying how");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a file", e);
        }
    }

    private void read(String fileUri, InputStream in, FormatSpec format, RowMapper mapper, UnaryOperator<RawSale> rename,
                      Function<RawSale, Prepared> prepare, long skip) {
        List<Prepared> rows = new ArrayList<>(CHUNK);
        Chunk last;
        try (RowReader reader = RowReaders.open(in, format, fileUri)) {
            long number = 0;
            RowResult row;
            while (!closed && (row = reader.next()) != null) {
                if (++number <= skip) {
                    continue;
                }
                String origin = fileUri + "#L" + row.number();
                rows.add(prepare.apply(rename.apply(mapper.map(row, origin))));
                if (rows.size() == CHUNK) {
                    hand(new Chunk(rows, false, null, null));
                    rows = new ArrayList<>(CHUNK);
                }
            }
            last = new Chunk(rows, true, null, null);
        } catch (FileReadException e) {
            last = new Chunk(rows, true, e, null);
        } catch (RuntimeException e) {
            last = new Chunk(rows, true, null, e);
        } catch (Error e) {
            last = new Chunk(rows, true, null, new IllegalStateException("reading " + fileUri + " failed: " + e, e));
        }
        hand(last);
    }

    /** Queues a chunk, waiting while the sender is behind; gives up when the pipeline is closed. */
    private void hand(Chunk chunk) {
        try {
            while (!closed && !queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                // the sender is behind (or a transaction is committing): wait
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading (rows not yet taken are dropped: they were not published) and waits for the reading thread. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        try {
            thread.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

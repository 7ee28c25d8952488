package br.com.etlvendas.bench;

import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.file.FileIngestor;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Publishes a benchmark's file to {@code sales.raw} through the real file source (its parser, mapping and Kafka
 * transactions), every sale tagged with the run's source name; fails unless the whole file went through.
 */
final class SourceFilePublisher {

    private SourceFilePublisher() {
    }

    static void publish(Path file, String source, Topics topics, String bootstrapServers, ColumnMapping mapping,
                        int rowsPerTransaction) {
        try (SourcePublisher publisher = new SourcePublisher(topics.raw(), bootstrapServers, "etl-vendas-bench-source-" + source);
             InputStream in = Files.newInputStream(file)) {
            FileIngestor ingestor = new FileIngestor(publisher, topics.files(), rowsPerTransaction, Clock.systemUTC());
            FileEvent start = new FileEvent(FileEvent.idOf(file.toUri().toString(), source), file.toUri().toString(), source,
                    Files.size(file), "bench", FileEvent.Status.DISCOVERED, 0, 0, "", Clock.systemUTC().instant());
            FileEvent done = ingestor.ingest(start, in, mapping.format(), new RowMapper(mapping),
                    sale -> sale.withSource(source), rows -> { });
            if (done.status() != FileEvent.Status.DONE) {
                throw new IllegalStateException("the benchmark's file ended " + done.status() + ": " + done.message());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the benchmark's file " + file, e);
        }
    }
}

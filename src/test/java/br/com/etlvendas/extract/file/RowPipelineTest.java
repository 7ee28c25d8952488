package br.com.etlvendas.extract.file;

import br.com.etlvendas.extract.SourcePublisher.Prepared;
import br.com.etlvendas.extract.format.FileReadException;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.RawSale;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowPipelineTest {

    private static final ColumnMapping SUPERSTORE = MappingLoader.load(Path.of("config/mappings/superstore.yml"), Map.of());
    private static final Function<RawSale, Prepared> PREPARE = sale -> new Prepared(sale.saleId(),
            sale.origin().getBytes(StandardCharsets.UTF_8), null, null, sale.isUnreadable());

    @Test
    void shouldHandOverEveryRowInFileOrderAcrossManyChunks() throws Exception {
        int rows = RowPipeline.CHUNK * 7 + 13;

        List<Prepared> read = readAll(pipeline(csv(rows), 0));

        assertThat(read).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(new String(read.get(i).value(), StandardCharsets.UTF_8)).isEqualTo("s3://b/f.csv#L" + (i + 2));
            assertThat(read.get(i).key()).isEqualTo("US-2017-" + (100000 + i / 3));
        }
    }

    @Test
    void shouldSkipTheRowsAResumedFileHasAlreadyPublished() throws Exception {
        List<Prepared> read = readAll(pipeline(csv(1000), 600));

        assertThat(read).hasSize(400);
        assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("s3://b/f.csv#L602");
    }

    @Test
    void shouldMarkRowsTheMappingRejects() throws Exception {
        String file = new String(csv(3), StandardCharsets.UTF_8).replace("\"1\",\"0.2\"", "\"one\",\"0.2\"");

        List<Prepared> read = readAll(pipeline(file.getBytes(StandardCharsets.UTF_8), 0));

        assertThat(read).extracting(Prepared::unreadable).containsExactly(true, false, false);
    }

    @Test
    void shouldHandOverTheRowsBeforeAFailureAndThenTheFailure() throws Exception {
        byte[] gzip = gzip(csv(5000));
        byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
        List<Prepared> read = new ArrayList<>();

        try (RowPipeline pipeline = pipeline(truncated, 0)) {
            assertThatThrownBy(() -> {
                for (Prepared row = pipeline.next(); row != null; row = pipeline.next()) {
                    read.add(row);
                }
            }).isInstanceOf(FileReadException.class).hasMessageContaining("gzip");
        }

        assertThat(read).isNotEmpty().hasSizeLessThan(5000);
        for (int i = 0; i < read.size(); i++) {
            assertThat(new String(read.get(i).value(), StandardCharsets.UTF_8)).isEqualTo("s3://b/f.csv#L" + (i + 2));
        }
    }

    @Test
    void shouldStopTheReadingThreadAndReleaseTheFileWhenClosedEarly() throws Exception {
        AtomicBoolean released = new AtomicBoolean();
        InputStream in = new FilterInputStream(new ByteArrayInputStream(csv(100_000))) {
            @Override
            public void close() throws IOException {
                released.set(true);
                super.close();
            }
        };
        RowPipeline pipeline = new RowPipeline("s3://b/f.csv", in, SUPERSTORE.format(), new RowMapper(SUPERSTORE),
                UnaryOperator.identity(), PREPARE, 0);
        assertThat(pipeline.next()).isNotNull();

        pipeline.close(); // the reader is far ahead, blocked on a full hand-over queue

        assertThat(released).as("the reading thread closed the file on its way out").isTrue();
    }

    private static RowPipeline pipeline(byte[] file, long skip) {
        return new RowPipeline("s3://b/f.csv", new ByteArrayInputStream(file), SUPERSTORE.format(),
                new RowMapper(SUPERSTORE), UnaryOperator.identity(), PREPARE, skip);
    }

    private static List<Prepared> readAll(RowPipeline pipeline) throws FileReadException {
        List<Prepared> rows = new ArrayList<>();
        try (pipeline) {
            for (Prepared row = pipeline.next(); row != null; row = pipeline.next()) {
                rows.add(row);
            }
            assertThat(pipeline.next()).isNull();
        }
        return rows;
    }

    /** Rows in the Superstore layout, three lines per order. */
    private static byte[] csv(int rows) {
        StringBuilder csv = new StringBuilder("\"Row ID\",\"Order ID\",\"Order Date\",\"Ship Date\",\"Ship Mode\","
                + "\"Customer ID\",\"Customer Name\",\"Segment\",\"Country\",\"City\",\"State\",\"Postal Code\",\"Region\","
                + "\"Product ID\",\"Category\",\"Sub-Category\",\"Product Name\",\"Sales\",\"Quantity\",\"Discount\",\"Profit\"\n");
        for (int row = 0; row < rows; row++) {
            csv.append('"').append(row + 1).append("\",\"US-2017-").append(100000 + row / 3)
                    .append("\",\"11/8/2016\",\"11/11/2016\",\"Second Class\",\"CG-12520\",\"Claire Gute\",\"Consumer\",")
                    .append("\"United States\",\"Henderson\",\"Kentucky\",\"42420\",\"South\",\"FUR-BO-10001798\",")
                    .append("\"Furniture\",\"Bookcases\",\"Bush Somerset Collection Bookcase\",\"261.96\",\"")
                    .append(1 + row % 5).append("\",\"0.2\",\"41.9136\"\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}

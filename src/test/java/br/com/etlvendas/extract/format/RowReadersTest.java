package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.extract.format.FormatSpec.Compression;
import br.com.etlvendas.extract.format.FormatSpec.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static br.com.etlvendas.extract.format.RowReading.auto;
import static br.com.etlvendas.extract.format.RowReading.gzip;
import static br.com.etlvendas.extract.format.RowReading.readAll;
import static br.com.etlvendas.extract.format.RowReading.sourceRow;
import static br.com.etlvendas.extract.format.RowReading.spec;
import static br.com.etlvendas.extract.format.RowReading.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Choosing the format, gzip, empty files, and a real export end to end. */
class RowReadersTest {

    private static final Path SUPERSTORE = Path.of("samples", "superstore.csv");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"vendas.csv", "vendas.jsonl", "vendas.json", "vendas.parquet"})
    void shouldReadGzippedFilesOfEveryFormatWhenDetectedOrForced(String name) throws Exception {
        // given the same two rows plain and gzipped
        byte[] plain = twoSales(name);
        byte[] zipped = gzip(plain);
        FormatSpec forced = spec(Type.AUTO, ',', true, StandardCharsets.UTF_8, Compression.GZIP, 0);

        // when
        List<RowResult> expected = readAll(plain, auto(), name);
        List<RowResult> detectedByName = readAll(zipped, auto(), name + ".gz");
        List<RowResult> detectedByBytes = readAll(zipped, auto(), name);
        List<RowResult> forcedByConfig = readAll(zipped, forced, name);

        // then
        assertThat(expected).hasSize(2).allMatch(SourceRow.class::isInstance);
        assertThat(sourceRow(expected.get(0)).data().get("total").asText()).isEqualTo("1234.5678");
        assertThat(detectedByName).isEqualTo(expected);
        assertThat(detectedByBytes).isEqualTo(expected);
        assertThat(forcedByConfig).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"big.csv.gz", "big.jsonl.gz", "big.json.gz", "big.parquet.gz"})
    void shouldReportATruncatedGzipAsAFileError(String name) throws Exception {
        // given a gzip cut in the middle of a file big enough not to fit one buffer
        byte[] zipped = gzip(manySales(name.substring(0, name.length() - 3), 20_000));
        byte[] truncated = Arrays.copyOf(zipped, zipped.length / 2);

        // when / then: whether open() or next() notices, it is a FileReadException that says why
        assertThatThrownBy(() -> readAll(truncated, auto(), name))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("truncated or corrupt gzip data");
    }

    @Test
    void shouldReportAGzipWithACorruptTrailerAsAFileError() {
        // given a complete gzip whose CRC no longer matches
        byte[] zipped = gzip(utf8("id,total\n1,2\n"));
        zipped[zipped.length - 6] ^= 0x55;

        assertThatThrownBy(() -> readAll(zipped, auto(), "crc.csv.gz"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("truncated or corrupt gzip data");
    }

    @Test
    void shouldRejectPlainBytesWhenGzipIsForced() {
        FormatSpec forced = spec(Type.CSV, ',', true, StandardCharsets.UTF_8, Compression.GZIP, 0);

        assertThatThrownBy(() -> readAll(utf8("id\n1\n"), forced, "plain.csv"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("plain.csv: not readable as gzip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty.csv", "empty.jsonl", "empty.json", "empty.parquet", "empty.csv.gz"})
    void shouldReportAZeroByteFileAsEmpty(String name) {
        assertThatThrownBy(() -> readAll(new byte[0], auto(), name))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("file is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"blank.csv", "blank.jsonl", "blank.json"})
    void shouldReportAGzippedWhitespaceOnlyFileAsEmpty(String name) {
        assertThatThrownBy(() -> readAll(gzip(utf8(" \n\n \r\n")), auto(), name))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("file is empty");
    }

    @Test
    void shouldRejectAnUnknownExtensionNamingTheFileAndTheSupportedOnes() {
        assertThatThrownBy(() -> readAll(utf8("id\n1\n"), auto(), "vendas.xlsx"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("vendas.xlsx")
                .hasMessageContaining(".csv")
                .hasMessageContaining(".jsonl")
                .hasMessageContaining(".parquet");
    }

    @Test
    void shouldCloseTheStreamWhenOpenFails() {
        // given
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        };

        // when
        assertThatThrownBy(() -> RowReaders.open(in, auto(), "vendas.xlsx")).isInstanceOf(FileReadException.class);

        // then
        assertThat(closed).isTrue();
    }

    @Test
    void shouldReadTheSuperstoreExportExactly() throws Exception {
        // given a real export nobody on this project wrote (samples/superstore.csv, kept in the repository)
        assertThat(SUPERSTORE)
                .as("dataset %s, expected beside the repository (run from the repo root)", SUPERSTORE.toAbsolutePath())
                .isRegularFile();

        // when
        long rows = 0;
        long errors = 0;
        boolean sawNoBreakSpace = false;
        BigDecimal sales = BigDecimal.ZERO;
        try (InputStream in = Files.newInputStream(SUPERSTORE);
             RowReader reader = RowReaders.open(in, auto(), SUPERSTORE.getFileName().toString())) {
            for (RowResult result = reader.next(); result != null; result = reader.next()) {
                if (result instanceof RowError error) {
                    errors++;
                    continue;
                }
                SourceRow row = (SourceRow) result;
                rows++;
                assertThat(row.data().size()).isEqualTo(21);
                assertThat(row.number()).isEqualTo(rows + 1);
                sawNoBreakSpace |= row.rawText().indexOf('\u00A0') >= 0;
                sales = sales.add(new BigDecimal(row.data().get("Sales").asText()));
            }
        }

        // then
        assertThat(errors).isZero();
        assertThat(rows).isEqualTo(9_994);
        assertThat(sawNoBreakSpace).as("legitimate U+00A0 characters read as text").isTrue();
        assertThat(sales.toPlainString()).isEqualTo("2297200.8603");
    }

    /** Two sales in the format the file name says; totals need four exact decimals. */
    private byte[] twoSales(String name) throws Exception {
        return manySales(name, 2);
    }

    private byte[] manySales(String name, int count) throws Exception {
        StringBuilder text = new StringBuilder();
        if (name.endsWith(".parquet")) {
            return Files.readAllBytes(RowReading.parquet(dir, "SELECT i AS id, (i * 1234.5678)::DECIMAL(18,4) AS total,"
                    + " 'loja ' || i AS store FROM range(1, " + (count + 1) + ") t(i)"));
        } else if (name.endsWith(".csv")) {
            text.append("id,total,store\n");
            for (int i = 1; i <= count; i++) {
                text.append(i).append(',').append(total(i)).append(",loja ").append(i).append('\n');
            }
        } else if (name.endsWith(".jsonl")) {
            for (int i = 1; i <= count; i++) {
                text.append(jsonSale(i)).append('\n');
            }
        } else {
            text.append('[');
            for (int i = 1; i <= count; i++) {
                text.append(i > 1 ? ",\n" : "\n").append(jsonSale(i));
            }
            text.append("\n]\n");
        }
        return utf8(text.toString());
    }

    private static String jsonSale(int i) {
        return "{\"id\":\"" + i + "\",\"total\":" + total(i) + ",\"store\":\"loja " + i + "\"}";
    }

    private static String total(int i) {
        return new BigDecimal("1234.5678").multiply(BigDecimal.valueOf(i)).toPlainString();
    }
}

package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static br.com.etlvendas.extract.format.RowReading.auto;
import static br.com.etlvendas.extract.format.RowReading.readAll;
import static br.com.etlvendas.extract.format.RowReading.sourceRow;
import static br.com.etlvendas.extract.format.RowReading.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetRowReaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepDecimalValuesExactAndNullsAsJsonNull() throws Exception {
        // given
        Path file = parquet("SELECT * FROM (VALUES "
                + "(1, 1234.5678::DECIMAL(18,4), 'São Paulo', TIMESTAMP '2024-03-01 10:15:00'), "
                + "(2, 0.1000::DECIMAL(18,4), NULL, NULL)) AS t(id, total, city, sold_at) ORDER BY id");

        // when
        List<RowResult> rows = readAll(Files.readAllBytes(file), auto(), "vendas.parquet");

        // then
        assertThat(rows).hasSize(2);
        SourceRow first = sourceRow(rows.get(0));
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.data().get("total").asText()).isEqualTo("1234.5678");
        assertThat(first.data().get("id").asText()).isEqualTo("1");
        assertThat(first.data().get("city").asText()).isEqualTo("São Paulo");
        assertThat(first.data().get("sold_at").asText()).isEqualTo("2024-03-01T10:15");
        assertThat(first.rawText()).contains("\"total\":\"1234.5678\"");
        SourceRow second = sourceRow(rows.get(1));
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.data().get("total").asText()).isEqualTo("0.1000");
        assertThat(second.data().get("city").isNull()).isTrue();
        assertThat(second.rawText()).contains("\"city\":null");
    }

    @Test
    void shouldDeleteItsTemporaryCopyOnClose() throws Exception {
        // given
        Path file = parquet("SELECT 1 AS id");
        Set<Path> before = temporaryCopies();

        // when
        Set<Path> during;
        try (RowReader reader = RowReaders.open(Files.newInputStream(file), auto(), "one.parquet")) {
            assertThat(reader.next()).isInstanceOf(SourceRow.class);
            during = temporaryCopies();
            during.removeAll(before);
        }

        // then
        assertThat(during).hasSize(1);
        assertThat(during.iterator().next()).doesNotExist();
    }

    @Test
    void shouldRejectAFileThatIsNotParquetAndLeaveNoTemporaryCopy() throws Exception {
        Set<Path> before = temporaryCopies();

        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(utf8("id,total\n1,2\n")), auto(), "fake.parquet"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("fake.parquet: not a readable Parquet file");

        assertThat(temporaryCopies()).isSubsetOf(before);
    }

    @Test
    void shouldTreatAParquetFileWithoutRowsAsEmpty() throws Exception {
        Path file = parquet("SELECT 1 AS id WHERE false");

        assertThatThrownBy(() -> readAll(Files.readAllBytes(file), auto(), "none.parquet"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("file is empty");
    }

    private Path parquet(String query) throws SQLException {
        return RowReading.parquet(dir, query);
    }

    private static Set<Path> temporaryCopies() throws IOException {
        Set<Path> copies = new HashSet<>();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp, "etl-vendas-*.parquet")) {
            files.forEach(copies::add);
        }
        return copies;
    }
}

package br.com.etlvendas.extract.dlq;

import br.com.etlvendas.extract.format.FileReadException;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.sale.RawSale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceRowRemapperTest {

    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");
    private static final String SOURCE = "ingest-20261129-103627-456a:superstore";
    private static final String FILE = "file:///in/superstore-dotted.csv";

    @TempDir
    Path dir;

    private ColumnMapping superstoreWith(String patterns) throws IOException {
        String yml = Files.readString(Path.of("config", "mappings", "superstore.yml"))
                .replace("patterns: [\"M/d/yyyy\"]", "patterns: " + patterns);
        Path file = dir.resolve("superstore.yml");
        Files.writeString(file, yml);
        return MappingLoader.load(file, Map.of());
    }

    @Test
    void shouldMapARowAgainBehindItsFilesHeaderWithTheFixedMapping() throws Exception {
        // given a row rejected because its date was written d.M.yyyy, and a mapping that now knows that pattern
        DlqRecord row = DlqRecords.sourceRow(0, 17, SOURCE, FILE + "#L5", DlqRecords.superstoreRow(4, "8.11.2016"),
                "sold_at: '8.11.2016' is not a date", AT);
        List<String> headersRead = new ArrayList<>();
        SourceRowRemapper remapper = new SourceRowRemapper((file, mapping) -> {
            headersRead.add(file);
            return DlqRecords.HEADER;
        });

        // when
        RawSale sale = remapper.remap(row, superstoreWith("[\"M/d/yyyy\", \"d.M.yyyy\"]"));

        // then it is a sale now, counted under the source and origin it was first rejected with
        assertThat(sale.isUnreadable()).as(String.valueOf(sale.unreadableReason())).isFalse();
        assertThat(sale.saleId()).isEqualTo("CA-2016-152156");
        assertThat(sale.soldAt()).startsWith("2016-11-08T00:00");
        assertThat(sale.lines()).singleElement().satisfies(l -> {
            assertThat(l.lineNo()).isEqualTo("4");
            assertThat(l.netAmount()).isEqualTo("261.96");
        });
        assertThat(sale.source()).isEqualTo(SOURCE);
        assertThat(sale.origin()).isEqualTo(FILE + "#L5");
        assertThat(headersRead).containsExactly(FILE);
    }

    @Test
    void shouldReadEachFilesHeaderOnlyOnce() throws Exception {
        // given two rows of one file
        List<String> headersRead = new ArrayList<>();
        SourceRowRemapper remapper = new SourceRowRemapper((file, mapping) -> {
            headersRead.add(file);
            return DlqRecords.HEADER;
        });
        ColumnMapping mapping = superstoreWith("[\"d.M.yyyy\"]");

        // when
        remapper.remap(DlqRecords.sourceRow(0, 1, SOURCE, FILE + "#L2", DlqRecords.superstoreRow(1, "8.11.2016"), "r", AT), mapping);
        remapper.remap(DlqRecords.sourceRow(0, 2, SOURCE, FILE + "#L3", DlqRecords.superstoreRow(2, "9.11.2016"), "r", AT), mapping);

        // then
        assertThat(headersRead).containsExactly(FILE);
    }

    @Test
    void shouldGiveARowTheMappingStillCannotMapWithItsNewReasons() throws Exception {
        // given a row whose date the current mapping does not know either
        DlqRecord row = DlqRecords.sourceRow(1, 4, SOURCE, FILE + "#L9", DlqRecords.superstoreRow(8, "8.11.2016"),
                "sold_at: '8.11.2016' is not a date", AT);

        // when
        RawSale sale = new SourceRowRemapper((file, mapping) -> DlqRecords.HEADER).remap(row, superstoreWith("[\"M/d/yyyy\"]"));

        // then it goes back to the DLQ with the row's text, the reason and its origin
        assertThat(sale.isUnreadable()).isTrue();
        assertThat(sale.unreadableReason()).contains("8.11.2016");
        assertThat(sale.unreadablePayload()).isEqualTo(DlqRecords.superstoreRow(8, "8.11.2016"));
        assertThat(sale.source()).isEqualTo(SOURCE);
        assertThat(sale.origin()).isEqualTo(FILE + "#L9");
    }

    @Test
    void shouldMapAJsonLinesRowAgainWithoutAnyHeader() throws Exception {
        // given a JSON Lines source whose mapping now reads its amount with a decimal comma
        Path file = dir.resolve("jsonl.yml");
        Files.writeString(file, """
                source: loja-api
                format: { type: jsonl }
                time-zone: America/Sao_Paulo
                numbers: { decimal-separator: ",", grouping-separator: "." }
                fields:
                  sale_id:     { column: "pedido" }
                  sold_at:     { column: "data" }
                  store_id:    { constant: LJ-01 }
                  store_state: { constant: SP }
                  channel:     { constant: ecommerce }
                  currency:    { constant: BRL }
                  line_no:     { constant: "1" }
                  sku:         { column: "sku" }
                  quantity:    { column: "qtd" }
                  net_amount:  { column: "valor" }
                """);
        ColumnMapping mapping = MappingLoader.load(file, Map.of());
        String text = "{\"pedido\":\"P-1\",\"sku\":\"A-1\",\"data\":\"2026-11-29T10:00:00-03:00\",\"qtd\":\"1\",\"valor\":\"1.234,50\"}";
        DlqRecord row = DlqRecords.sourceRow(0, 3, "loja-api", "file:///in/pedidos.jsonl#L3", text, "valor: not a number", AT);

        // when
        RawSale sale = new SourceRowRemapper((f, m) -> {
            throw new AssertionError("a JSON row needs no header");
        }).remap(row, mapping);

        // then
        assertThat(sale.isUnreadable()).as(String.valueOf(sale.unreadableReason())).isFalse();
        assertThat(sale.lines().get(0).netAmount()).isEqualTo("1234.50");
    }

    @Test
    void shouldFailWhenTheHeaderOfTheRowsFileCannotBeRead() throws Exception {
        // given a row whose file is gone
        DlqRecord row = DlqRecords.sourceRow(0, 17, SOURCE, FILE + "#L5", DlqRecords.superstoreRow(4, "8.11.2016"), "r", AT);
        SourceRowRemapper remapper = new SourceRowRemapper((file, mapping) -> {
            throw new FileReadException(file + ": no such file");
        });
        ColumnMapping mapping = superstoreWith("[\"d.M.yyyy\"]");

        // when / then
        assertThatThrownBy(() -> remapper.remap(row, mapping)).isInstanceOf(FileReadException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void shouldReadTheHeaderOfACsvFileAfterItsTitleLines() throws Exception {
        // given a file with a title line above its header
        byte[] file = ("Relatório de vendas\n" + DlqRecords.HEADER + "\n" + DlqRecords.superstoreRow(1, "11/8/2016") + "\n")
                .getBytes(StandardCharsets.UTF_8);
        ColumnMapping mapping = superstoreWith("[\"M/d/yyyy\"]");
        var spec = mapping.format();
        var titled = new br.com.etlvendas.extract.format.FormatSpec(spec.type(), spec.delimiter(), spec.quote(), spec.escape(),
                true, spec.encoding(), spec.compression(), 1);

        // when
        String header = br.com.etlvendas.extract.format.RowText.csvHeader(new java.io.ByteArrayInputStream(file), titled,
                "vendas.csv");

        // then
        assertThat(header).isEqualTo(DlqRecords.HEADER);
        assertThat(Optional.of(header)).isPresent();
    }
}

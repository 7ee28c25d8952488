package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.extract.format.FormatSpec.Compression;
import br.com.etlvendas.extract.format.FormatSpec.Type;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static br.com.etlvendas.extract.format.RowReading.concat;
import static br.com.etlvendas.extract.format.RowReading.csv;
import static br.com.etlvendas.extract.format.RowReading.readAll;
import static br.com.etlvendas.extract.format.RowReading.rowError;
import static br.com.etlvendas.extract.format.RowReading.sourceRow;
import static br.com.etlvendas.extract.format.RowReading.spec;
import static br.com.etlvendas.extract.format.RowReading.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowReaderTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");

    @Test
    void shouldReadSemicolonCsvWithDecimalCommasAndQuotedNewlinesNumberingRowsByStartLine() throws Exception {
        // given a Brazilian-style export: ';' separates, ',' is the decimal mark, one field spans two lines
        String file = "pedido;valor;obs\n"
                + "1;10,50;\"linha um\nlinha dois\"\n"
                + "2;1.234,56;simples\n";

        // when
        List<RowResult> rows = readAll(utf8(file), csv(';'), "vendas.csv");

        // then values keep their text and each row is numbered by the line it starts on
        assertThat(rows).hasSize(2);
        SourceRow first = sourceRow(rows.get(0));
        assertThat(first.number()).isEqualTo(2);
        assertThat(first.data().get("valor").asText()).isEqualTo("10,50");
        assertThat(first.data().get("obs").asText()).isEqualTo("linha um\nlinha dois");
        assertThat(first.rawText()).isEqualTo("1;10,50;\"linha um\nlinha dois\"");
        SourceRow second = sourceRow(rows.get(1));
        assertThat(second.number()).isEqualTo(4);
        assertThat(second.data().get("valor").asText()).isEqualTo("1.234,56");
    }

    @Test
    void shouldReadCrlfLineEndsWithoutKeepingCarriageReturns() throws Exception {
        // given
        String file = "id,city\r\n1,São Paulo\r\n\r\n2,\"Rio\r\nde Janeiro\"\r\n3,Recife\r\n";

        // when
        List<RowResult> rows = readAll(utf8(file), csv(','), "v.csv");

        // then the blank line is skipped but still counted
        assertThat(rows).extracting(RowResult::number).containsExactly(2L, 4L, 6L);
        assertThat(sourceRow(rows.get(0)).data().get("city").asText()).isEqualTo("São Paulo");
        assertThat(sourceRow(rows.get(1)).data().get("city").asText()).isEqualTo("Rio\r\nde Janeiro");
        assertThat(sourceRow(rows.get(2)).data().get("city").asText()).isEqualTo("Recife");
    }

    @Test
    void shouldNameColumnsByPositionWhenThereIsNoHeader() throws Exception {
        // given
        FormatSpec noHeader = spec(Type.CSV, ',', false, StandardCharsets.UTF_8, Compression.NONE, 0);

        // when
        List<RowResult> rows = readAll(utf8("a,b,c\nd,e,f\n"), noHeader, "data.txt");

        // then
        assertThat(rows).hasSize(2);
        SourceRow first = sourceRow(rows.get(0));
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.data().toString()).isEqualTo("{\"1\":\"a\",\"2\":\"b\",\"3\":\"c\"}");
        assertThat(sourceRow(rows.get(1)).data().get("3").asText()).isEqualTo("f");
    }

    @Test
    void shouldSkipTitleLinesBeforeTheHeaderAndCountThemInLineNumbers() throws Exception {
        // given two title lines, one with an unbalanced quote that must not confuse the parser
        String file = "Relatório de vendas \"março\n"
                + "gerado em 2024-03-31\n"
                + "id;total\n"
                + "7;99,90\n";
        FormatSpec skipTwo = spec(Type.AUTO, ';', true, StandardCharsets.UTF_8, Compression.AUTO, 2);

        // when
        List<RowResult> rows = readAll(utf8(file), skipTwo, "relatorio.csv");

        // then
        assertThat(rows).hasSize(1);
        SourceRow row = sourceRow(rows.get(0));
        assertThat(row.number()).isEqualTo(4);
        assertThat(row.data().get("id").asText()).isEqualTo("7");
        assertThat(row.data().get("total").asText()).isEqualTo("99,90");
    }

    @Test
    void shouldDropTheUtf8ByteOrderMarkSoTheFirstColumnKeepsItsName() throws Exception {
        // given
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] file = concat(bom, utf8("sku,qty\nA-1,3\n"));

        // when
        List<RowResult> rows = readAll(file, csv(','), "bom.csv");

        // then
        SourceRow row = sourceRow(rows.get(0));
        assertThat(row.data().has("sku")).isTrue();
        assertThat(row.data().get("sku").asText()).isEqualTo("A-1");
    }

    @Test
    void shouldDecodeWindows1252Text() throws Exception {
        // given a file written by a Windows export in cp1252
        byte[] file = "cidade;produto\nSão Paulo;Açaí\n".getBytes(CP1252);
        assertThat(file).doesNotContain((byte) 0xC3); // really cp1252, not UTF-8
        FormatSpec cp1252 = spec(Type.AUTO, ';', true, CP1252, Compression.AUTO, 0);

        // when
        List<RowResult> rows = readAll(file, cp1252, "export.csv");

        // then
        SourceRow row = sourceRow(rows.get(0));
        assertThat(row.data().get("cidade").asText()).isEqualTo("São Paulo");
        assertThat(row.data().get("produto").asText()).isEqualTo("Açaí");
    }

    @Test
    void shouldReportARowWithInvalidUtf8AsUndecodableAndReadTheNextRows() throws Exception {
        // given 0xE3 alone (cp1252 'ã' in a file that claims UTF-8)
        byte[] file = concat(concat(utf8("id,cidade\n1,S"), new byte[] {(byte) 0xE3}),
                utf8("o Paulo\n2,Curitiba\n"));

        // when
        List<RowResult> rows = readAll(file, csv(','), "v.csv");

        // then
        assertThat(rows).hasSize(2);
        RowError error = rowError(rows.get(0));
        assertThat(error.number()).isEqualTo(2);
        assertThat(error.reasons()).containsExactly("undecodable bytes for encoding UTF-8");
        assertThat(error.rawText()).isEqualTo("1,S\uFFFDo Paulo");
        assertThat(sourceRow(rows.get(1)).data().get("cidade").asText()).isEqualTo("Curitiba");
    }

    @Test
    void shouldReportARecordWithTheWrongColumnCountAndKeepReading() throws Exception {
        // given
        String file = "id,sku,qty\n1,A,2\n2,B\n3,C,4,extra\n4,D,5\n";

        // when
        List<RowResult> rows = readAll(utf8(file), csv(','), "v.csv");

        // then
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).isInstanceOf(SourceRow.class);
        RowError tooFew = rowError(rows.get(1));
        assertThat(tooFew.number()).isEqualTo(3);
        assertThat(tooFew.reasons()).containsExactly("expected 3 columns, got 2");
        assertThat(tooFew.rawText()).isEqualTo("2,B");
        RowError tooMany = rowError(rows.get(2));
        assertThat(tooMany.number()).isEqualTo(4);
        assertThat(tooMany.reasons()).containsExactly("expected 3 columns, got 4");
        assertThat(sourceRow(rows.get(3)).data().get("sku").asText()).isEqualTo("D");
    }

    @Test
    void shouldKeepSurroundingSpacesAndRenderRawTextInTheSameDialect() throws Exception {
        // given a value with spaces, a quote inside and an escape character in the dialect
        FormatSpec escaped = new FormatSpec(Type.AUTO, '|', '"', Optional.of('\\'), true, StandardCharsets.UTF_8,
                Compression.AUTO, 0);
        String file = "a|b\n  x  |say \\\"hi\\\"\n";

        // when
        List<RowResult> rows = readAll(utf8(file), escaped, "pipes.csv");

        // then the values are exact, and the raw text reads back to the same values in the same dialect
        SourceRow row = sourceRow(rows.get(0));
        assertThat(row.data().get("a").asText()).isEqualTo("  x  ");
        assertThat(row.data().get("b").asText()).isEqualTo("say \"hi\"");
        List<RowResult> reread = readAll(utf8("a|b\n" + row.rawText() + "\n"), escaped, "pipes.csv");
        assertThat(sourceRow(reread.get(0)).data()).isEqualTo(row.data());
    }

    @Test
    void shouldRejectAHeaderWithADuplicateColumnName() {
        assertThatThrownBy(() -> readAll(utf8("id,total,id\n1,2,3\n"), csv(','), "dup.csv"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("dup.csv")
                .hasMessageContaining("'id' appears twice")
                .hasMessageContaining("columns 1 and 3");
    }

    @Test
    void shouldRejectAHeaderWithAnEmptyColumnName() {
        assertThatThrownBy(() -> readAll(utf8("id,,total\n1,2,3\n"), csv(','), "gap.csv"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("column 2 of the header (line 1) has no name");
    }

    @Test
    void shouldFailWithTheLineNumberWhenAQuoteIsNeverClosed() throws Exception {
        // given
        String file = "id,obs\n1,ok\n2,\"never closed\n3,lost\n";

        // when the good row is read, then the file fails at the record that starts on line 3
        try (RowReader reader = RowReaders.open(new java.io.ByteArrayInputStream(utf8(file)), csv(','), "q.csv")) {
            assertThat(sourceRow(reader.next()).data().get("obs").asText()).isEqualTo("ok");
            assertThatThrownBy(reader::next)
                    .isInstanceOf(FileReadException.class)
                    .hasMessageContaining("q.csv")
                    .hasMessageContaining("line 3");
        }
    }

    @Test
    void shouldTreatAHeaderOnlyFileAsEmpty() {
        assertThatThrownBy(() -> readAll(utf8("id,total\n\n"), csv(','), "only-header.csv"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("file is empty");
    }

    @Test
    void shouldTreatAWhitespaceOnlyFileAsEmpty() {
        assertThatThrownBy(() -> readAll(utf8("\n  \n\r\n"), csv(','), "blank.csv"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("file is empty");
    }
}

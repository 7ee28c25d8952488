package br.com.etlvendas.extract.format;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvParserTest {

    @ParameterizedTest(name = "buffer of {0} chars")
    @ValueSource(ints = {1, 2, 3, 7, 64, 65536})
    void shouldReadBackWhatCommonsCsvWritesWhateverTheBufferSize(int bufferSize) throws IOException {
        // given random records full of delimiters, quotes and line ends, written by an independent CSV library
        Random random = new Random(42);
        List<List<String>> written = new ArrayList<>();
        StringBuilder file = new StringBuilder();
        List<Long> startLines = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long line = 1;
        for (int r = 0; r < 300; r++) {
            List<String> values = new ArrayList<>();
            int width = 1 + random.nextInt(6);
            for (int f = 0; f < width; f++) {
                values.add(randomValue(random));
            }
            if (width == 1 && values.get(0).isBlank()) {
                values.set(0, "x"); // a lone blank field is a blank line, not a record
            }
            StringBuilder record = new StringBuilder();
            try (CSVPrinter printer = new CSVPrinter(record, CSVFormat.DEFAULT.builder().setDelimiter(';')
                    .setRecordSeparator("").get())) {
                printer.printRecord(values);
            }
            String lineEnd = random.nextBoolean() ? "\r\n" : "\n";
            written.add(values);
            texts.add(record.toString());
            startLines.add(line);
            line += 1 + lineEnds(record.toString());
            file.append(record).append(lineEnd);
        }

        // when
        List<CsvParser.Record> read = new ArrayList<>();
        try (CsvParser parser = new CsvParser(new StringReader(file.toString()), ';', '"', null, bufferSize)) {
            for (CsvParser.Record record = parser.next(); record != null; record = parser.next()) {
                read.add(record);
            }
        }

        // then every record has its values, its exact text and the line it starts on
        assertThat(read).hasSize(written.size());
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).values()).as("values of record %d", i).isEqualTo(written.get(i));
            assertThat(read.get(i).text()).as("text of record %d", i).isEqualTo(texts.get(i));
            assertThat(read.get(i).line()).as("line of record %d", i).isEqualTo(startLines.get(i));
            assertThat(read.get(i).problem()).isNull();
        }
    }

    /** LF, CRLF and a lone CR each end one physical line. */
    private static long lineEnds(String text) {
        return text.replace("\r\n", "\n").chars().filter(c -> c == '\n' || c == '\r').count();
    }

    private static String randomValue(Random random) {
        String alphabet = "ab;\"\n\r ç1,.";
        int length = random.nextInt(12);
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < length; i++) {
            v.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return v.toString();
    }

    @Test
    void shouldKeepAQuoteInsideAnUnquotedFieldAsWritten() throws IOException {
        List<CsvParser.Record> records = parse("id,name\n1,O\"Brien 5\" tube\n", null);

        assertThat(records.get(1).values()).containsExactly("1", "O\"Brien 5\" tube");
    }

    @Test
    void shouldReadEmptyFieldsIncludingATrailingOneAtTheEndOfTheFile() throws IOException {
        List<CsvParser.Record> records = parse("a,,b\r\n,,", null);

        assertThat(records.get(0).values()).containsExactly("a", "", "b");
        assertThat(records.get(1).values()).containsExactly("", "", "");
        assertThat(records.get(1).text()).isEqualTo(",,");
    }

    @Test
    void shouldEndRecordsAtALoneCarriageReturnAndCountItAsALine() throws IOException {
        List<CsvParser.Record> records = parse("a,b\r1,2\r3,\"x\ry\"\r4,5", null);

        assertThat(records).extracting(CsvParser.Record::line).containsExactly(1L, 2L, 3L, 5L);
        assertThat(records.get(2).values()).containsExactly("3", "x\ry");
    }

    @Test
    void shouldUnescapeTheDelimiterQuoteAndEscapeButKeepOtherBackslashesAsWritten() throws IOException {
        List<CsvParser.Record> records = parse("p\\,q,\"say \\\"hi\\\"\",C:\\temp,\"a\\\\b\"\n", '\\');

        assertThat(records.get(0).values()).containsExactly("p,q", "say \"hi\"", "C:\\temp", "a\\b");
    }

    @Test
    void shouldReportTextAfterAClosingQuoteAndGoOnWithTheNextRecord() throws IOException {
        List<CsvParser.Record> records = parse("\"ok\" ,\"bad\"x,3\nnext,1,2\n", null);

        assertThat(records.get(0).problem()).isEqualTo("column 2: text after the closing quote");
        assertThat(records.get(0).values()).containsExactly("ok", "bad", "3");
        assertThat(records.get(1).values()).containsExactly("next", "1", "2");
        assertThat(records.get(1).problem()).isNull();
    }

    @Test
    void shouldRefuseAQuoteNeverClosedNamingTheLineTheRecordStartsOn() {
        assertThatThrownBy(() -> parse("a\n\"b\nc\nd", null))
                .isInstanceOf(CsvParser.MalformedCsvException.class)
                .hasMessageContaining("record starting at line 2");
    }

    @Test
    void shouldSkipPhysicalLinesIgnoringQuotes() throws IOException {
        try (CsvParser parser = new CsvParser(new StringReader("title \"open\r\nsub\nh\n1\n"), ',', '"', null, 2)) {
            assertThat(parser.skipLine()).isTrue();
            assertThat(parser.skipLine()).isTrue();
            assertThat(parser.line()).isEqualTo(3);
            assertThat(parser.next().values()).containsExactly("h");
            assertThat(parser.next().line()).isEqualTo(4);
            assertThat(parser.next()).isNull();
            assertThat(parser.skipLine()).isFalse();
        }
    }

    @Test
    void shouldReadPhysicalLinesAsTheyAreForLineFormats() throws IOException {
        try (CsvParser parser = new CsvParser(new StringReader("{\"a\": \"x,\\\"y\"}\r\n\n\"open\rlast"), ',', '"', null, 3)) {
            assertThat(parser.nextLine()).isEqualTo("{\"a\": \"x,\\\"y\"}");
            assertThat(parser.nextLine()).isEmpty();
            assertThat(parser.line()).isEqualTo(3);
            assertThat(parser.nextLine()).isEqualTo("\"open");
            assertThat(parser.nextLine()).isEqualTo("last");
            assertThat(parser.nextLine()).isNull();
        }
    }

    @Test
    void shouldGrowTheBufferForARecordLongerThanIt() throws IOException {
        String big = "x".repeat(10_000);
        List<CsvParser.Record> records;
        try (CsvParser parser = new CsvParser(new StringReader("1,\"" + big + "\"\n2," + big + "\n"), ',', '"', null, 16)) {
            records = List.of(parser.next(), parser.next());
        }

        assertThat(records.get(0).values()).containsExactly("1", big);
        assertThat(records.get(1).values()).containsExactly("2", big);
        assertThat(records.get(1).text()).isEqualTo("2," + big);
    }

    @Test
    void shouldRefuseARecordLongerThanTheLimitInsteadOfHoldingTheRestOfTheFile() throws IOException {
        // given a quote opened on line 2 and never closed, before a long tail
        String text = "a,b\n1,\"never closed\n" + "x,y\n".repeat(500);

        try (CsvParser parser = new CsvParser(new StringReader(text), ',', '"', null, 16, 100)) {
            assertThat(parser.next().values()).containsExactly("a", "b");
            assertThatThrownBy(parser::next)
                    .isInstanceOf(CsvParser.RecordTooLongException.class)
                    .hasMessageContaining("record starting at line 2 is longer than 100 characters");
        }
    }

    @Test
    void shouldAcceptARecordUpToTheLimit() throws IOException {
        String value = "v".repeat(96);

        try (CsvParser parser = new CsvParser(new StringReader("1,\"" + value + "\"\n2,z"), ',', '"', null, 16, 100)) {
            assertThat(parser.next().values()).containsExactly("1", value);
            assertThat(parser.next().values()).containsExactly("2", "z");
        }
    }

    private static List<CsvParser.Record> parse(String text, Character escape) throws IOException {
        List<CsvParser.Record> records = new ArrayList<>();
        try (CsvParser parser = new CsvParser(new StringReader(text), ',', '"', escape, 3)) {
            for (CsvParser.Record record = parser.next(); record != null; record = parser.next()) {
                records.add(record);
            }
        }
        return records;
    }
}

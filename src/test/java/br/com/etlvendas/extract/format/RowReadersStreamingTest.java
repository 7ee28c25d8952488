package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.SourceRow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;

import static br.com.etlvendas.extract.format.RowReading.auto;
import static br.com.etlvendas.extract.format.RowReading.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** The text readers must hand out rows while most of a large file is still unread. */
class RowReadersStreamingTest {

    private static final long ROWS = 5_000_000;

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {
            "big.csv|id,total\\n|7,10.50\\n|7,10.50\\n",
            "big.jsonl||{\"id\":7,\"total\":10.50}\\n|{\"id\":7,\"total\":10.50}\\n",
            "big.json|[|{\"id\":7,\"total\":10.50},\\n|{\"id\":7,\"total\":10.50}]\\n"})
    void shouldReturnTheFirstRowsAfterReadingOnlyTheStartOfALargeFile(String name, String head, String row,
                                                                        String last) throws Exception {
        // given a file of five million rows (40 MB and more), served on demand
        GeneratedFile file = new GeneratedFile(lines(head), lines(row), lines(last), ROWS);

        // when
        try (RowReader reader = RowReaders.open(file, auto(), name)) {
            for (int i = 0; i < 1_000; i++) {
                assertThat(reader.next()).isInstanceOf(SourceRow.class);
            }

            // then only a few buffers' worth has been read
            assertThat(file.served).isLessThan(1_024 * 1_024);
            assertThat(file.size()).isGreaterThan(10L * 1_024 * 1_024);
        }
    }

    /** The sources spell a line end as a backslash and n, which the CSV of the test parameters cannot hold. */
    private static byte[] lines(String text) {
        return utf8(text == null ? "" : text.replace("\\n", "\n"));
    }

    /** head, then {@code rows - 1} copies of row, then last. */
    private static final class GeneratedFile extends InputStream {

        private final byte[] head;
        private final byte[] row;
        private final byte[] last;
        private final long rows;
        private long served;

        GeneratedFile(byte[] head, byte[] row, byte[] last, long rows) {
            this.head = head;
            this.row = row;
            this.last = last;
            this.rows = rows;
        }

        long size() {
            return head.length + (rows - 1) * row.length + last.length;
        }

        @Override
        public int read() {
            if (served >= size()) {
                return -1;
            }
            int b = byteAt(served) & 0xff;
            served++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int n = 0;
            while (n < length && served < size()) {
                buffer[offset + n++] = byteAt(served++);
            }
            return n == 0 ? -1 : n;
        }

        private byte byteAt(long position) {
            if (position < head.length) {
                return head[(int) position];
            }
            long body = position - head.length;
            long bodySize = (rows - 1) * row.length;
            return body < bodySize ? row[(int) (body % row.length)] : last[(int) (body - bodySize)];
        }
    }
}

package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.format.FormatSpec.Compression;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Turns a file's bytes into what a format reader consumes: gunzipped when asked or when the bytes say so,
 * then decoded with the file's encoding. Undecodable bytes never stop a file: they become U+FFFD, and the row
 * holding them is reported as a row error. Every read failure becomes a {@link FileReadException} naming the file.
 */
final class FileInput {

    static final int BUFFER_SIZE = 64 * 1024;

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private FileInput() {
    }

    /** The file's content bytes: gunzipped for {@code GZIP}, or for {@code AUTO} when the gzip magic bytes open the file. */
    static InputStream decompressed(InputStream in, Compression compression, String fileName) throws FileReadException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_SIZE);
        int first;
        int second;
        try {
            buffered.mark(2);
            first = buffered.read();
            second = first < 0 ? -1 : buffered.read();
            buffered.reset();
        } catch (IOException e) {
            throw unreadable(fileName, "the first bytes", e);
        }
        if (first < 0) {
            throw new FileReadException(fileName + ": file is empty (0 bytes)");
        }
        boolean gzip = compression == Compression.GZIP
                || compression == Compression.AUTO && first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
        if (!gzip) {
            return buffered;
        }
        try {
            return new GunzippedStream(new GZIPInputStream(buffered, BUFFER_SIZE));
        } catch (IOException e) {
            // the constructor reads the gzip header: a wrong magic or a header cut short lands here
            throw new FileReadException(fileName + ": not readable as gzip (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A reader over the bytes in {@code encoding} that replaces malformed input with U+FFFD instead of failing,
     * so one bad byte costs one row, not the file. A UTF-8 byte-order mark at the start is dropped.
     */
    static BufferedReader text(InputStream in, Charset encoding, String fileName) throws FileReadException {
        CharsetDecoder decoder = encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), BUFFER_SIZE);
        if (StandardCharsets.UTF_8.equals(encoding)) {
            try {
                reader.mark(1);
                if (reader.read() != '\uFEFF') {
                    reader.reset();
                }
            } catch (IOException e) {
                throw unreadable(fileName, "the start", e);
            }
        }
        return reader;
    }

    /** The row-error reason when {@code text} holds a replacement character, i.e. bytes the encoding could not decode. */
    static Optional<String> undecodable(String text, Charset encoding) {
        return text.indexOf('\uFFFD') >= 0
                ? Optional.of("undecodable bytes for encoding " + encoding.name())
                : Optional.empty();
    }

    static FileReadException unreadable(String fileName, String where, IOException e) {
        return new FileReadException(fileName + ": cannot read " + where + ": " + e.getMessage(), e);
    }

    /**
     * Renames gzip failures after the header (a truncated file ends in "Unexpected end of ZLIB input stream")
     * so that whoever reads the message learns it is the compressed data, not the format, that is broken.
     */
    private static final class GunzippedStream extends FilterInputStream {

        GunzippedStream(GZIPInputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        private static IOException corrupt(IOException e) {
            return new IOException("truncated or corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }
}

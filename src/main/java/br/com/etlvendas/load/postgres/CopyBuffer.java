package br.com.etlvendas.load.postgres;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of one COPY, built in place: text encoded to UTF-8 as it is appended (PostgreSQL's client
 * encoding here), so a batch is never held as a {@code String} and encoded again by the driver.
 */
final class CopyBuffer {

    private byte[] bytes;
    private int length;

    CopyBuffer(int capacity) {
        this.bytes = new byte[Math.max(64, capacity)];
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** The bytes so far, to stream into the COPY. */
    InputStream stream() {
        return new ByteArrayInputStream(bytes, 0, length);
    }

    CopyBuffer ascii(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Text known to be ASCII (numbers, enum names, dates). */
    CopyBuffer ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    CopyBuffer number(long n) {
        return ascii(Long.toString(n));
    }

    /** Text as UTF-8 inside a quoted CSV field: every {@code "} written twice. */
    CopyBuffer csvText(String s) {
        if (s.indexOf('"') < 0) {
            // the common case, no quote to double: the JDK's own encoder, vectorised for ASCII
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
            return this;
        }
        ensure(s.length() * 4 + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                bytes[length++] = '"';
                bytes[length++] = '"';
            } else {
                i = utf8(s, i, c);
            }
        }
        return this;
    }

    /**
     * Text as the inside of a JSON string (quotes, backslashes and control characters escaped as JSON
     * requires) inside a quoted CSV field (each {@code "} of the JSON then written twice).
     */
    CopyBuffer jsonInCsvText(String s) {
        ensure(s.length() * 7 + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> {
                    bytes[length++] = '\\';
                    bytes[length++] = '"';
                    bytes[length++] = '"';
                }
                case '\\' -> {
                    bytes[length++] = '\\';
                    bytes[length++] = '\\';
                }
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                case '\t' -> escape('t');
                case '\b' -> escape('b');
                case '\f' -> escape('f');
                default -> {
                    if (c < 0x20) {
                        escape('u');
                        bytes[length++] = '0';
                        bytes[length++] = '0';
                        bytes[length++] = (byte) Character.forDigit(c >> 4, 16);
                        bytes[length++] = (byte) Character.forDigit(c & 0xF, 16);
                    } else {
                        i = utf8(s, i, c);
                    }
                }
            }
        }
        return this;
    }

    private void escape(char c) {
        bytes[length++] = '\\';
        bytes[length++] = (byte) c;
    }

    /** Writes the character at {@code i} (with its low surrogate, if any) as UTF-8; returns the index of its last char. */
    private int utf8(String s, int i, char c) {
        if (c < 0x80) {
            bytes[length++] = (byte) c;
        } else if (c < 0x800) {
            bytes[length++] = (byte) (0xC0 | c >> 6);
            bytes[length++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(++i));
            bytes[length++] = (byte) (0xF0 | cp >> 18);
            bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        } else if (Character.isSurrogate(c)) {
            bytes[length++] = '?'; // a lone surrogate has no UTF-8 form; String.getBytes writes '?' for it too
        } else {
            bytes[length++] = (byte) (0xE0 | c >> 12);
            bytes[length++] = (byte) (0x80 | c >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | c & 0x3F);
        }
        return i;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}

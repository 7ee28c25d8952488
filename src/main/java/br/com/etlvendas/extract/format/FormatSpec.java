package br.com.etlvendas.extract.format;

import br.com.etlvendas.config.ConfigReader;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a source's files are written: format, CSV dialect, text encoding and compression. Declared in the
 * {@code format:} section of a mapping file.
 *
 * @param type        file format; {@link Type#AUTO} decides by file name ({@code .csv}, {@code .jsonl}/{@code .ndjson},
 *                    {@code .json}, {@code .parquet}, each optionally followed by {@code .gz})
 * @param delimiter   CSV field separator
 * @param quote       CSV quote character
 * @param escape      CSV escape character, if the dialect has one besides doubled quotes
 * @param header      whether the first CSV record names the columns (else columns are named 1, 2, …)
 * @param encoding    text encoding of CSV and JSON files
 * @param compression whether files are gzip-compressed; {@link Compression#AUTO} looks at the first bytes
 * @param skipLines   physical lines to skip before the header (titles some exports put on top)
 */
public record FormatSpec(Type type, char delimiter, char quote, Optional<Character> escape, boolean header,
                         Charset encoding, Compression compression, int skipLines) {

    public enum Type { AUTO, CSV, JSONL, JSON, PARQUET }

    public enum Compression { AUTO, NONE, GZIP }

    public static FormatSpec defaults() {
        return new FormatSpec(Type.AUTO, ',', '"', Optional.empty(), true, StandardCharsets.UTF_8, Compression.AUTO, 0);
    }

    public static FormatSpec from(ConfigReader f) {
        Type type = Type.valueOf(f.oneOf("type", "auto", List.of("auto", "csv", "jsonl", "json", "parquet"),
                "file format: auto (by file name), csv, jsonl, json or parquet").toUpperCase(Locale.ROOT));
        char delimiter = character(f, "delimiter", ',', "CSV field separator, e.g. ',' ';' '|' or '\\t'");
        char quote = character(f, "quote", '"', "CSV quote character");
        Optional<Character> escape = f.optionalString("escape", "CSV escape character, if any besides doubled quotes")
                .map(s -> unescape(f, "escape", s));
        boolean header = f.bool("header", true, "whether the first CSV record holds the column names");
        String enc = f.string("encoding", "UTF-8", "text encoding: UTF-8, windows-1252 or ISO-8859-1");
        Charset charset = StandardCharsets.UTF_8;
        if (!List.of("utf-8", "windows-1252", "cp1252", "iso-8859-1", "latin1").contains(enc.toLowerCase(Locale.ROOT))) {
            f.problem(f.pathOf("encoding"), "must be UTF-8, windows-1252 or ISO-8859-1, got '" + enc + "'");
        } else {
            charset = Charset.forName(enc.equalsIgnoreCase("latin1") ? "ISO-8859-1" : enc);
        }
        Compression compression = Compression.valueOf(f.oneOf("compression", "auto", List.of("auto", "none", "gzip"),
                "gzip compression: auto (detected from the first bytes), none or gzip").toUpperCase(Locale.ROOT));
        int skip = f.integer("skip-lines", 0, 0, 1000, "lines to skip before the header");
        return new FormatSpec(type, delimiter, quote, escape, header, charset, compression, skip);
    }

    /** The format of a file, deciding {@link Type#AUTO} by its name; empty when the name does not tell. */
    public Optional<Type> typeFor(String fileName) {
        if (type != Type.AUTO) {
            return Optional.of(type);
        }
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv") || n.endsWith(".txt") || n.endsWith(".tsv")) {
            return Optional.of(Type.CSV);
        } else if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return Optional.of(Type.JSONL);
        } else if (n.endsWith(".json")) {
            return Optional.of(Type.JSON);
        } else if (n.endsWith(".parquet")) {
            return Optional.of(Type.PARQUET);
        }
        return Optional.empty();
    }

    private static char character(ConfigReader f, String key, char defaultValue, String description) {
        return f.optionalString(key, description).map(s -> unescape(f, key, s)).orElse(defaultValue);
    }

    private static char unescape(ConfigReader f, String key, String s) {
        String v = s.equals("\\t") ? "\t" : s;
        if (v.length() != 1) {
            f.problem(f.pathOf(key), "must be a single character (\\t for tab), got '" + s + "'");
            return ',';
        }
        return v.charAt(0);
    }
}

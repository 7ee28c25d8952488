package br.com.etlvendas.extract.catalog;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.EnrichmentConfig;
import br.com.etlvendas.sale.CatalogEntry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one catalogue in full — a CSV file with a header row (comma or semicolon separated, UTF-8, column names
 * in any order and case) or the rows of a query — into entries keyed by the first column. Rows without a key are
 * skipped and a key given twice keeps its last row, each with a warning; a missing column is an error naming
 * every column missing, so nothing half-read is ever published.
 */
public final class CatalogReader {

    private static final Logger log = LoggerFactory.getLogger(CatalogReader.class);

    private CatalogReader() {
    }

    /** Thrown when a catalogue cannot be read as a whole; its message says what to fix. */
    public static final class CatalogException extends Exception {
        public CatalogException(String message, Throwable cause) {
            super(message, cause);
        }

        /** As a configuration problem of the {@code enrichment} section: start-up stops with it (exit 2). */
        public ConfigException asConfigProblem() {
            return new ConfigException(List.of(new ConfigProblem("etl-config.yml", "enrichment", getMessage())));
        }
    }

    public static Map<String, CatalogEntry> read(String name, EnrichmentConfig.Catalogue catalogue, List<String> columns)
            throws CatalogException {
        if (catalogue.file().isPresent()) {
            return readCsv(name, catalogue.file().get(), columns);
        }
        return readQuery(name, catalogue, columns);
    }

    static Map<String, CatalogEntry> readCsv(String name, Path file, List<String> columns) throws CatalogException {
        try {
            String firstLine;
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                firstLine = lines.findFirst().orElse("");
            }
            char delimiter = firstLine.indexOf(';') >= 0 && firstLine.indexOf(',') < 0 ? ';' : ',';
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                    .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).build();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 CSVParser csv = CSVParser.parse(in, format)) {
                Map<String, String> headerByLower = new LinkedHashMap<>();
                csv.getHeaderNames().forEach(h -> headerByLower.put(h.strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT), h));
                List<String> missing = columns.stream().filter(c -> !headerByLower.containsKey(c)).toList();
                if (!missing.isEmpty()) {
                    throw new CatalogException("The " + name + " catalogue " + file + " lacks the column(s) " + missing
                            + " (its header has " + csv.getHeaderNames() + "; expected " + columns + ")", null);
                }
                Map<String, CatalogEntry> entries = new LinkedHashMap<>();
                for (CSVRecord r : csv) {
                    List<String> fields = new ArrayList<>(columns.size());
                    for (String c : columns) {
                        String h = headerByLower.get(c);
                        fields.add(r.isSet(h) ? blankToNull(r.get(h)) : null);
                    }
                    add(name, entries, fields, file + " record " + r.getRecordNumber());
                }
                return entries;
            }
        } catch (IOException | RuntimeException e) {
            throw new CatalogException("Cannot read the " + name + " catalogue " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, CatalogEntry> readQuery(String name, EnrichmentConfig.Catalogue c, List<String> columns)
            throws CatalogException {
        String url = c.jdbcUrl().orElseThrow();
        try (Connection conn = DriverManager.getConnection(url, c.user(), c.password().reveal());
             Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(c.query().orElseThrow())) {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, Integer> indexByLower = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                indexByLower.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
            }
            List<String> missing = columns.stream().filter(col -> !indexByLower.containsKey(col)).toList();
            if (!missing.isEmpty()) {
                throw new CatalogException("The " + name + " catalogue's query returns no column(s) " + missing
                        + " (it returns " + indexByLower.keySet() + "; expected " + columns + ")", null);
            }
            Map<String, CatalogEntry> entries = new LinkedHashMap<>();
            long row = 0;
            while (rs.next()) {
                row++;
                List<String> fields = new ArrayList<>(columns.size());
                for (String col : columns) {
                    fields.add(blankToNull(rs.getString(indexByLower.get(col))));
                }
                add(name, entries, fields, "row " + row + " of the query");
            }
            return entries;
        } catch (SQLException e) {
            throw new CatalogException("Cannot read the " + name + " catalogue from " + url.replaceAll("//[^@/]*@", "//…@")
                    + ": " + e.getMessage(), e);
        }
    }

    private static void add(String name, Map<String, CatalogEntry> entries, List<String> fields, String where) {
        String key = fields.get(0);
        if (key == null) {
            log.warn("The {} catalogue's {} has no key (its first column); skipped", name, where);
            return;
        }
        if (entries.put(key, new CatalogEntry(fields)) != null) {
            log.warn("The {} catalogue gives {} twice; {} is kept", name, key, where);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

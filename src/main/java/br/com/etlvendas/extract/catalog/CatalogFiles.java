package br.com.etlvendas.extract.catalog;

import br.com.etlvendas.sale.CatalogEntry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a catalogue as the CSV file {@link CatalogReader} reads: a header of its columns, then one row per entry. */
public final class CatalogFiles {

    private CatalogFiles() {
    }

    public static Path write(Map<String, CatalogEntry> entries, List<String> columns, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).build())) {
            for (CatalogEntry e : entries.values()) {
                csv.printRecord(e.fields());
            }
        }
        return file;
    }
}

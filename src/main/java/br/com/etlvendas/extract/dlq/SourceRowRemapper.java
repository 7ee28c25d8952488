package br.com.etlvendas.extract.dlq;

import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.format.FileReadException;
import br.com.etlvendas.extract.format.RowText;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.RawSale;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a row its source could not map (a DLQ record whose payload is the row's raw text) again, with a mapping
 * as it is now: a CSV row is read behind the header of the file it came from, any other row as one JSON record.
 * The sale keeps the DLQ record's source and origin, so the books count it where the row was first counted; a row
 * that still cannot be mapped comes out as {@link RawSale#rejectedAtSource} with the new reasons, and goes back
 * to the DLQ through the pipeline. Headers are read once per file.
 */
public final class SourceRowRemapper {

    /** The header record of a CSV file, read from the file itself (a local path or an S3 object). */
    @FunctionalInterface
    public interface CsvHeaders {
        String of(String fileUri, ColumnMapping mapping) throws FileReadException;
    }

    private final CsvHeaders headers;
    private final Map<String, String> headerByFile = new HashMap<>();
    private final Map<ColumnMapping, RowMapper> mappers = new IdentityHashMap<>();

    public SourceRowRemapper(CsvHeaders headers) {
        this.headers = headers;
    }

    /**
     * The sale this row makes with {@code mapping} now.
     *
     * @throws FileReadException when the row's CSV file (for its header) cannot be read
     */
    public RawSale remap(DlqRecord record, ColumnMapping mapping) throws FileReadException {
        String file = record.originFile().orElse("row");
        String text = record.payload() == null ? "" : new String(record.payload(), StandardCharsets.UTF_8);
        Optional<String> header = Optional.empty();
        if (RowText.needsCsvHeader(mapping.format(), file)) {
            String known = headerByFile.get(file);
            if (known == null) {
                known = headers.of(file, mapping);
                headerByFile.put(file, known);
            }
            header = Optional.of(known);
        }
        String origin = record.sourceOrigin() != null ? record.sourceOrigin() : "dlq:" + record.id();
        RowResult row = RowText.reread(text, header, mapping.format(), file);
        RawSale sale = mappers.computeIfAbsent(mapping, RowMapper::new).map(row, origin);
        return record.source() == null ? sale : sale.withSource(record.source());
    }
}

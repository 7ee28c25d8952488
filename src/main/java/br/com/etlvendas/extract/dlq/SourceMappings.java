package br.com.etlvendas.extract.dlq;

import br.com.etlvendas.extract.mapping.ColumnMapping;

import java.util.List;
import java.util.Optional;

/**
 * Finds the mapping a DLQ record's source was read with among the configured sources' mappings: the one whose
 * source name is the record's source, or, for an {@code ingest} run ({@code <run id>:<source>}), its last part.
 */
public record SourceMappings(List<ColumnMapping> mappings) {

    public SourceMappings {
        mappings = List.copyOf(mappings);
    }

    public Optional<ColumnMapping> forSource(DlqRecord record) {
        String source = record.source();
        if (source == null) {
            return Optional.empty();
        }
        for (ColumnMapping m : mappings) {
            if (source.equals(m.source()) || source.endsWith(":" + m.source())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}

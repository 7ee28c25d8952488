package br.com.etlvendas.extract;

import java.util.List;

/** A row that could not be read (wrong column count, undecodable bytes, malformed JSON), with every reason. */
public record RowError(long number, List<String> reasons, String rawText) implements RowResult {

    public RowError {
        reasons = List.copyOf(reasons);
    }
}

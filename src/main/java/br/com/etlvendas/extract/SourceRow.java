package br.com.etlvendas.extract;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A row read from a source. {@code data} is a JSON object: for CSV and database rows, column name to text
 * value (columns named {@code 1}, {@code 2}, … when a CSV has no header); for JSON and Parquet, the record
 * as it is, possibly nested.
 */
public record SourceRow(long number, JsonNode data, String rawText) implements RowResult {
}

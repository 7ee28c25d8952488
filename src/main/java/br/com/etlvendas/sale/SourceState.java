package br.com.etlvendas.sale;

import java.time.Instant;

/**
 * Where an incremental source stands, on the compacted {@code etl.source.state} topic keyed by source name:
 * a database source's last watermark, an API source's cursor or next page. Written in the same Kafka
 * transaction as the records it covers, so a restart resumes exactly after them.
 *
 * @param position the watermark, cursor or page, as text
 * @param records  records published by this source in all
 */
public record SourceState(String source, String position, long records, Instant at) {
}

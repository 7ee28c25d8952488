package br.com.etlvendas.extract.jdbc;

import br.com.etlvendas.config.JdbcSourceConfig;
import br.com.etlvendas.extract.CommittedRecords;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.SourceState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the database source's ITs share, whatever database plays the ERP: the ERP mapping (order, item, SKU, quantity, price, sale time, with the row id kept), starting a
 * source on its own thread, and the checks on what it committed.
 */
final class JdbcSourceRuns {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration QUIET = Duration.ofMillis(1500);

    private JdbcSourceRuns() {
    }

    /** The ERP tables' mapping, written once into {@code dir}. */
    static Path mapping(Path dir) throws IOException {
        Path file = dir.resolve("erp.yml");
        if (!Files.exists(file)) {
            Files.writeString(file, String.join("\n",
                    "source: erp-it",
                    "time-zone: America/Sao_Paulo",
                    "fields:",
                    "  sale_id:     { column: pedido }",
                    "  sold_at:     { column: vendido_em }",
                    "  store_id:    { constant: LOJA-01 }",
                    "  store_state: { constant: SP }",
                    "  channel:     { constant: store }",
                    "  currency:    { constant: BRL }",
                    "  line_no:     { column: item }",
                    "  sku:         { column: sku }",
                    "  quantity:    { column: qtd }",
                    "  unit_price:  { column: preco }",
                    "attributes:",
                    "  erp_id:      { column: id }",
                    ""));
        }
        return file;
    }

    /** Starts the source on a daemon thread; closing it stops it. */
    static JdbcSource start(JdbcSourceConfig config, TestKafka kafka) {
        RowMapper mapper = new RowMapper(MappingLoader.load(config.mapping(), Map.of()));
        JdbcSource source = new JdbcSource(config, kafka.topics(), kafka.bootstrap(), mapper, Clock.systemUTC());
        Thread thread = new Thread(source, "jdbc-source-" + config.name());
        thread.setDaemon(true);
        thread.start();
        return source;
    }

    /** The first row of the ERP tables (order PED-0, item 1), as the source must publish it. */
    static void assertFirstRowAsTheDatabaseHoldsIt(RawSale first, String source, Instant soldAt) {
        RawSaleLine line = first.lines().get(0);
        assertThat(first.source()).isEqualTo(source);
        assertThat(first.origin()).isEqualTo(source + "#id=1&row=1");
        assertThat(OffsetDateTime.parse(first.soldAt()).toInstant()).isEqualTo(soldAt);
        assertThat(first.storeId()).isEqualTo("LOJA-01");
        assertThat(line.sku()).isEqualTo("SKU-0");
        assertThat(line.quantity()).isEqualTo("2.500");
        assertThat(line.unitPrice()).isEqualTo("10.5000");
        assertThat(line.attributes()).containsEntry("erp_id", "1");
    }

    static Map<String, RawSale> byLine(List<RawSale> sales, int count) {
        return CommittedRecords.exactlyOncePerLine(sales, count);
    }

    static SourceState lastState(TestKafka kafka, String source) {
        return CommittedRecords.lastState(kafka.topics(), kafka.bootstrap(), source, WAIT);
    }
}

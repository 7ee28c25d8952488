package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.extract.generator.GeneratorSource;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.load.postgres.WarehouseQueries;
import br.com.etlvendas.sale.DlqHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on the real embedded servers: generated sales go through Kafka, Streams and the
 * loader, and the warehouse ends up with exactly the valid lines, revenue equal to the ledger's to the
 * cent, every invalid record in the DLQ with its reasons, and every duplicate dropped.
 */
@ExtendWith(EmbeddedStack.class)
class PipelineEndToEndIT {

    @Test
    void shouldLoadExactlyTheValidGeneratedLinesAndMatchTheLedgerRevenueToTheCent() throws Exception {
        LoadedConfig config = EmbeddedStack.configFor("e2e", String.join("\n",
                "    sales-per-second: 2000",
                "    invalid-fraction: 0.05",
                "    duplicate-fraction: 0.08",
                "    seed: 20261129"));
        Infrastructure infra = Infrastructure.start(config.etl(), new Shutdown());
        try (PipelineRuntime runtime = new PipelineRuntime(config, infra)) {
            GeneratorSource generator = new GeneratorSource(runtime.topics.raw(), config.etl().generator(),
                    infra.bootstrapServers, "e2e-run", OptionalLong.of(3000), Clock.systemUTC());
            try (generator) {
                generator.run();
                GeneratorLedger.Snapshot ledger = generator.ledger().snapshot();
                assertThat(ledger.records()).isEqualTo(3000);
                assertThat(ledger.invalidLines()).isPositive();
                assertThat(ledger.duplicateLines()).isPositive();

                Reconciler.Result result = new Reconciler(new WarehouseQueries(runtime.warehouse()), runtime.kpis())
                        .awaitBalanced(generator.source(), ledger, Duration.ofMinutes(2));

                assertThat(result.balanced()).as(result.line()).isTrue();
                assertThat(result.accounting().loaded()).isEqualTo(ledger.validLines());
                assertThat(result.accounting().rejected()).isEqualTo(ledger.invalidLines());
                assertThat(result.accounting().duplicates()).isEqualTo(ledger.duplicateLines());

                try (Connection c = runtime.warehouse().getConnection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (sale_id, line_no)), "
                             + "sum(net_amount) FILTER (WHERE status = 'COMPLETED') FROM sale_line WHERE source = '"
                             + generator.source() + "'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(ledger.validLines());
                    assertThat(rs.getLong(2)).as("no line stored twice").isEqualTo(rs.getLong(1));
                    assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(ledger.revenue().amount());
                }

                long dlqLines = countDlqLines(infra.bootstrapServers, runtime.topics.dlq().name(), generator.source());
                assertThat(dlqLines).as("DLQ line count").isEqualTo(ledger.invalidLines());
            }
        }
    }

    private static long countDlqLines(String bootstrap, String topic, String source) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-dlq-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long lines = 0;
        long idlePolls = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(java.util.List.of(topic));
            while (idlePolls < 6) {
                var records = consumer.poll(Duration.ofMillis(500));
                idlePolls = records.isEmpty() ? idlePolls + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    assertThat(r.headers().lastHeader(DlqHeaders.REASONS)).as("reasons header").isNotNull();
                    assertThat(r.headers().lastHeader(DlqHeaders.ORIGIN_OFFSET)).as("origin offset header").isNotNull();
                    String s = new String(r.headers().lastHeader(DlqHeaders.SOURCE).value(), StandardCharsets.UTF_8);
                    if (s.equals(source)) {
                        lines += new BigDecimal(new String(r.headers().lastHeader(DlqHeaders.LINE_COUNT).value(),
                                StandardCharsets.UTF_8)).longValueExact();
                    }
                }
            }
        }
        return lines;
    }
}

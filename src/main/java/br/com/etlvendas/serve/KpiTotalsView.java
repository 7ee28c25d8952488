package br.com.etlvendas.serve;

import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A live, read-only view of {@code sales.kpi.totals}: reads the topic from the beginning (committed
 * records only) and keeps the latest totals per key. The pipeline's totals are the sum over keys.
 */
public final class KpiTotalsView implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KpiTotalsView.class);

    private final Topic<String, KpiTotals> topic;
    private final KafkaConsumer<String, KpiTotals> consumer;
    private final Map<String, KpiTotals> latest = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public KpiTotalsView(Topic<String, KpiTotals> topic, String bootstrapServers) {
        this.topic = topic;
        Properties p = ConsumerSettings.readCommitted(bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "etl-vendas-kpi-view");
        this.consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, KpiTotals> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("KPI view stopped reading {}: {}", topic.name(), e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The sum over every source and partition. */
    public KpiSummary total() {
        return total(t -> true);
    }

    /** The sum over the totals that match, e.g. one source. */
    public KpiSummary total(Predicate<KpiTotals> filter) {
        KpiTotals sum = KpiTotals.empty("all", -1);
        for (KpiTotals t : latest.values()) {
            if (filter.test(t)) {
                sum = sum.plus(t);
            }
        }
        return KpiSummary.of(sum);
    }

    /** Totals per source, largest revenue first. */
    public List<KpiSummary> bySource() {
        Map<String, KpiTotals> perSource = new ConcurrentHashMap<>();
        for (KpiTotals t : latest.values()) {
            perSource.merge(t.source(), t, KpiTotals::plus);
        }
        return perSource.values().stream().map(KpiSummary::of)
                .sorted(Comparator.comparing(KpiSummary::revenue).reversed()).toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    /**
     * Totals as the dashboard and API show them, with the average ticket worked out exactly. {@code replayedLines}
     * were read again from the DLQ ({@code dlq replay}); {@code dlqLines} are the rejected lines not replayed since;
     * {@code updatedLines}, {@code removedLines} and {@code staleLines} count lines changed by a newer version of their
     * sale, lines it removed, and lines of versions older than one seen. {@code revenue} is the plain sum over
     * currencies (kept for the reconciliation, which compares it with the warehouse's); {@code revenueByCurrency} is
     * what to show. {@code unknownProductLines} and {@code unknownStoreLines} count lines the enrichment catalogues
     * had no entry for.
     */
    public record KpiSummary(String source, Money revenue, long orders, long lines, Money averageTicket,
                             long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt,
                             long filteredLines, long replayedLines, long dlqLines,
                             long updatedLines, long removedLines, long staleLines, Map<String, Money> revenueByCurrency,
                             long unknownProductLines, long unknownStoreLines) {

        static KpiSummary of(KpiTotals t) {
            Money ticket = t.orders() == 0 ? Money.ZERO
                    : Money.of(t.revenue().amount().divide(java.math.BigDecimal.valueOf(t.orders()), 2, java.math.RoundingMode.HALF_EVEN));
            return new KpiSummary(t.source(), t.revenue(), t.orders(), t.lines(), ticket, t.rejectedRecords(),
                    t.rejectedLines(), t.duplicateLines(), t.updatedAt(), t.filteredLines(), t.replayedLines(),
                    Math.max(0, t.rejectedLines() - t.replayedLines()), t.updatedLines(), t.removedLines(), t.staleLines(),
                    t.revenueByCurrencyOrUnknown(), t.unknownProductLines(), t.unknownStoreLines());
        }
    }
}

package br.com.etlvendas.serve;

import br.com.etlvendas.config.KpiWindowsConfig.Dimension;
import br.com.etlvendas.config.WindowSize;
import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.KpiLateEvents;
import br.com.etlvendas.sale.KpiWindow;
import br.com.etlvendas.sale.KpiWindowProduct;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A live, read-only view of the windowed KPIs: reads {@code sales.kpi.windows}, {@code sales.kpi.window-products}
 * and {@code sales.kpi.late-events} from the beginning (committed records only), keeps the latest value per key,
 * and answers queries summed over the partitions of {@code sales.raw}. It reads the compacted topics rather
 * than the Streams stores, so it works in any process that serves, whichever processes transform, and always
 * sees every partition. Amounts stay in their own currency; the reporting conversion is added beside them.
 */
public final class KpiWindowsView implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KpiWindowsView.class);

    private final Topic<String, KpiWindow> windowsTopic;
    private final Topic<String, KpiWindowProduct> productsTopic;
    private final Topic<String, KpiLateEvents> lateTopic;
    private final CurrencyConverter converter;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, KpiWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, KpiWindowProduct> products = new ConcurrentHashMap<>();
    private final Map<String, KpiLateEvents> late = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public KpiWindowsView(Topic<String, KpiWindow> windows, Topic<String, KpiWindowProduct> products,
                          Topic<String, KpiLateEvents> late, CurrencyConverter converter, String bootstrapServers) {
        this.windowsTopic = windows;
        this.productsTopic = products;
        this.lateTopic = late;
        this.converter = converter;
        if (bootstrapServers == null) {
            this.consumer = null;
            return;
        }
        Properties p = ConsumerSettings.readCommitted(bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "etl-vendas-kpi-windows-view");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A view that reads nothing: windowed KPIs are off, and the API says so. */
    public static KpiWindowsView empty(br.com.etlvendas.sale.Topics topics) {
        return detached(topics.kpiWindows(), topics.kpiWindowProducts(), topics.kpiLateEvents(),
                new CurrencyConverter(br.com.etlvendas.config.ReportingConfig.DEFAULT));
    }

    /** A view fed by {@link #accept} only, with no consumer (tests). */
    static KpiWindowsView detached(Topic<String, KpiWindow> windows, Topic<String, KpiWindowProduct> products,
                                   Topic<String, KpiLateEvents> late, CurrencyConverter converter) {
        return new KpiWindowsView(windows, products, late, converter, null);
    }

    @Override
    public void run() {
        if (consumer == null) {
            return;
        }
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(windowsTopic.name(), productsTopic.name(), lateTopic.name())) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(info.topic(), info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    accept(r.topic(), r.key(), r.value());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("KPI windows view stopped reading {}: {}", windowsTopic.name(), e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Takes one record of one of the three topics (a null value removes its key). */
    void accept(String topic, String key, byte[] value) {
        if (topic.equals(windowsTopic.name())) {
            keep(windows, key, value == null ? null : windowsTopic.valueSerde().deserializer().deserialize(topic, value));
        } else if (topic.equals(productsTopic.name())) {
            keep(products, key, value == null ? null : productsTopic.valueSerde().deserializer().deserialize(topic, value));
        } else if (topic.equals(lateTopic.name())) {
            keep(late, key, value == null ? null : lateTopic.valueSerde().deserializer().deserialize(topic, value));
        }
    }

    private static <V> void keep(Map<String, V> map, String key, V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /**
     * The windows of {@code size} starting in {@code [from, to)} (either may be null), for every value of
     * {@code dimension} and every currency, in order of start, value and currency.
     */
    public List<WindowRow> windows(WindowSize size, Dimension dimension, Instant from, Instant to) {
        Map<String, WindowRow> rows = new TreeMap<>();
        for (KpiWindow w : windows.values()) {
            if (!w.size().equals(size.label()) || !w.dimension().equals(dimension.label()) || !within(w.windowStart(), from, to)) {
                continue;
            }
            String group = String.format("%020d|%s|%s", w.windowStart().toEpochMilli(), w.value(), w.currency());
            rows.merge(group, WindowRow.of(w), WindowRow::plus);
        }
        return rows.values().stream().map(r -> r.reported(converter)).toList();
    }

    /** For each window of {@code size} starting in {@code [from, to)} and each currency, its {@code n} best-selling products by revenue. */
    public List<TopProducts> topProducts(WindowSize size, int n, Instant from, Instant to) {
        Map<String, Map<String, ProductRow>> byWindow = new TreeMap<>();
        Map<String, KpiWindowProduct> firstOfWindow = new TreeMap<>();
        for (KpiWindowProduct p : products.values()) {
            if (!p.size().equals(size.label()) || !within(p.windowStart(), from, to)) {
                continue;
            }
            String group = String.format("%020d|%s", p.windowStart().toEpochMilli(), p.currency());
            firstOfWindow.putIfAbsent(group, p);
            byWindow.computeIfAbsent(group, g -> new TreeMap<>()).merge(p.sku(), ProductRow.of(p), ProductRow::plus);
        }
        List<TopProducts> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, ProductRow>> e : byWindow.entrySet()) {
            KpiWindowProduct any = firstOfWindow.get(e.getKey());
            List<ProductRow> top = e.getValue().values().stream()
                    .sorted(Comparator.comparing(ProductRow::revenue).reversed().thenComparing(ProductRow::sku))
                    .limit(n).toList();
            out.add(new TopProducts(size.label(), any.windowStart(), any.windowEnd(), any.currency(), top));
        }
        return out;
    }

    /** Records later than the grace period, per window size, summed over partitions. */
    public Map<String, LateEvents> lateEvents() {
        Map<String, LateEvents> out = new TreeMap<>();
        for (KpiLateEvents l : late.values()) {
            out.merge(l.size(), new LateEvents(l.records(), l.lines()),
                    (a, b) -> new LateEvents(a.records() + b.records(), a.lines() + b.lines()));
        }
        return out;
    }

    private static boolean within(Instant start, Instant from, Instant to) {
        return (from == null || !start.isBefore(from)) && (to == null || start.isBefore(to));
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    /**
     * One window's totals for one dimension value and currency: revenue in that currency, and converted to the
     * reporting currency when a rate is configured ({@code revenueInReportingCurrency} null and
     * {@code converted} false otherwise).
     */
    public record WindowRow(String size, Instant windowStart, Instant windowEnd, String dimension, String value,
                            String currency, Money revenue, long orders, long lines, BigDecimal units,
                            Money averageTicket, String reportingCurrency, Money revenueInReportingCurrency,
                            boolean converted) {

        static WindowRow of(KpiWindow w) {
            return new WindowRow(w.size(), w.windowStart(), w.windowEnd(), w.dimension(), w.value(), w.currency(),
                    w.revenue(), w.orders(), w.lines(), w.units(), null, null, null, false);
        }

        WindowRow plus(WindowRow o) {
            return new WindowRow(size, windowStart, windowEnd, dimension, value, currency, revenue.plus(o.revenue),
                    orders + o.orders, lines + o.lines, units.add(o.units), null, null, null, false);
        }

        WindowRow reported(CurrencyConverter converter) {
            Money ticket = orders <= 0 ? Money.ZERO
                    : Money.of(revenue.amount().divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_EVEN));
            Money converted = converter.convert(currency, revenue).orElse(null);
            return new WindowRow(size, windowStart, windowEnd, dimension, value, currency, revenue.normalized(), orders,
                    lines, units.stripTrailingZeros(), ticket, converter.reportingCurrency(), converted, converted != null);
        }
    }

    /** One window's best-selling products in one currency, best first. */
    public record TopProducts(String size, Instant windowStart, Instant windowEnd, String currency, List<ProductRow> products) {
    }

    public record ProductRow(String sku, String productName, Money revenue, long lines, BigDecimal units) {

        static ProductRow of(KpiWindowProduct p) {
            return new ProductRow(p.sku(), p.productName(), p.revenue(), p.lines(), p.units());
        }

        ProductRow plus(ProductRow o) {
            return new ProductRow(sku, productName, revenue.plus(o.revenue), lines + o.lines, units.add(o.units));
        }
    }

    public record LateEvents(long records, long lines) {
    }
}

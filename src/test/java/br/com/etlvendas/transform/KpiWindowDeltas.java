package br.com.etlvendas.transform;

import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.PipelineConfig;
import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.TopicSpec;
import br.com.etlvendas.config.TopicsConfig;
import br.com.etlvendas.config.WindowSize;
import br.com.etlvendas.sale.JsonSerde;
import br.com.etlvendas.sale.KpiWindow;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The KPI-window branch alone in a {@code TopologyTestDriver}, fed {@link SaleDelta}s directly, so tests can
 * send the negative changes corrections and cancellations make.
 */
final class KpiWindowDeltas implements AutoCloseable {

    static final String INPUT = "test.sale-deltas";
    static final Duration EMIT = Duration.ofSeconds(1);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SaleDelta> input;
    private final TestOutputTopic<String, KpiWindow> windows;

    KpiWindowDeltas(Path stateDir, Set<WindowSize> sizes, Duration grace) {
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        for (TopicId id : TopicId.values()) {
            specs.put(id, new TopicSpec(id.defaultName(), 1, (short) 1, Optional.empty(), id.defaultCleanupPolicy()));
        }
        Topics topics = Topics.from(new TopicsConfig(specs));
        JsonSerde<SaleDelta> serde = new JsonSerde<>(SaleDelta.class);
        StreamsBuilder builder = new StreamsBuilder();
        SalesTopology.windowedKpis(builder.stream(INPUT, Consumed.with(Serdes.String(), serde)), topics,
                new PipelineConfig("kpi-window-deltas", Duration.ofDays(1), Duration.ofMillis(100), EMIT),
                new KpiWindowsConfig(sizes, EnumSet.allOf(KpiWindowsConfig.Dimension.class), ZoneId.of("America/Sao_Paulo"),
                        grace, 10),
                Clock.fixed(Instant.parse("2024-03-02T12:00:00Z"), ZoneOffset.UTC));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kpi-window-deltas");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic(INPUT, Serdes.String().serializer(), serde.serializer());
        windows = driver.createOutputTopic(topics.kpiWindows().name(), topics.kpiWindows().keySerde().deserializer(),
                topics.kpiWindows().valueSerde().deserializer());
    }

    void send(SaleDelta delta) {
        input.pipeInput(delta.saleId(), delta);
    }

    /** The latest value of every window cell published so far, after one more emit interval. */
    Map<String, KpiWindow> latest() {
        driver.advanceWallClockTime(EMIT);
        return windows.readKeyValuesToMap();
    }

    @Override
    public void close() {
        driver.close();
    }
}

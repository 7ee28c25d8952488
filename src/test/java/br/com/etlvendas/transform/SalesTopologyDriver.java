package br.com.etlvendas.transform;

import br.com.etlvendas.config.PipelineConfig;
import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.TopicSpec;
import br.com.etlvendas.config.TopicsConfig;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The sales topology in a {@link TopologyTestDriver}, with the topics every topology test pipes into and reads:
 * {@code sales.raw} in, {@code sales.clean}, the DLQ and the KPI totals out. One topic catalogue (default names,
 * one partition each) and one set of driver properties for every such test.
 */
record SalesTopologyDriver(Topics topics, TopologyTestDriver driver, TestInputTopic<String, byte[]> raw,
                           TestOutputTopic<String, Sale> clean, TestOutputTopic<String, byte[]> dlq,
                           TestOutputTopic<String, KpiTotals> kpi) implements AutoCloseable {

    /** Default topic names, one partition each. */
    static Topics defaultTopics() {
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        for (TopicId id : TopicId.values()) {
            specs.put(id, new TopicSpec(id.defaultName(), 1, (short) 1, Optional.of(Duration.ofDays(7)), id.defaultCleanupPolicy()));
        }
        return Topics.from(new TopicsConfig(specs));
    }

    /** A pipeline remembering sales for a day, committing every 100 ms, publishing KPI totals every {@code kpiEvery}. */
    static PipelineConfig pipeline(String applicationId, Duration kpiEvery) {
        return new PipelineConfig(applicationId, Duration.ofDays(1), Duration.ofMillis(100), kpiEvery);
    }

    static Properties properties(String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    /** {@link SalesTopology#build} with no transformation step, on the default topics. */
    static SalesTopologyDriver start(Path stateDir, Clock clock, Duration kpiEvery) {
        Topics topics = defaultTopics();
        return start(topics, SalesTopology.build(topics, pipeline("etl-vendas-test", kpiEvery), clock), stateDir);
    }

    static SalesTopologyDriver start(Topics topics, Topology topology, Path stateDir) {
        TopologyTestDriver driver = new TopologyTestDriver(topology, properties("etl-vendas-test", stateDir));
        return new SalesTopologyDriver(topics, driver,
                driver.createInputTopic(topics.raw().name(), new StringSerializer(), new ByteArraySerializer()),
                driver.createOutputTopic(topics.clean().name(), topics.clean().keySerde().deserializer(),
                        topics.clean().valueSerde().deserializer()),
                driver.createOutputTopic(topics.dlq().name(), topics.dlq().keySerde().deserializer(),
                        topics.dlq().valueSerde().deserializer()),
                driver.createOutputTopic(topics.kpiTotals().name(), topics.kpiTotals().keySerde().deserializer(),
                        topics.kpiTotals().valueSerde().deserializer()));
    }

    @Override
    public void close() {
        driver.close();
    }
}

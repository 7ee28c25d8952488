package br.com.etlvendas.transform;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WriteBehindStore} in a topology: commands on an input topic ({@code put k v}, {@code delete k},
 * {@code get k}, {@code all}) run against the store, what they read goes to an output topic, and the store's
 * changelog shows what was written through at each commit (the test driver commits after every record).
 */
class WriteBehindStoreTest {

    private static final String STORE = "totals";

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> commands;
    private TestOutputTopic<String, String> reads;

    @AfterEach
    void close() {
        driver.close();
    }

    private void start() {
        StreamsBuilder b = new StreamsBuilder();
        b.stream("commands", Consumed.with(Serdes.String(), Serdes.String()))
                .process(new ProcessorSupplier<String, String, String, String>() {
                    @Override
                    public Set<StoreBuilder<?>> stores() {
                        return Set.of(WriteBehindStore.builder(STORE, Serdes.String(), Serdes.String()));
                    }

                    @Override
                    public Processor<String, String, String, String> get() {
                        return new Processor<>() {
                            private ProcessorContext<String, String> context;
                            private KeyValueStore<String, String> store;

                            @Override
                            public void init(ProcessorContext<String, String> context) {
                                this.context = context;
                                this.store = context.getStateStore(STORE);
                            }

                            @Override
                            public void process(Record<String, String> r) {
                                for (String command : r.value().split(";")) {
                                    String[] c = command.trim().split(" ");
                                    switch (c[0]) {
                                        case "put" -> store.put(c[1], c[2]);
                                        case "delete" -> store.delete(c[1]);
                                        case "get" -> context.forward(new Record<>(c[1], String.valueOf(store.get(c[1])), r.timestamp()));
                                        default -> {
                                            List<String> all = new ArrayList<>();
                                            try (KeyValueIterator<String, String> it = store.all()) {
                                                it.forEachRemaining(kv -> all.add(kv.key + "=" + kv.value));
                                            }
                                            context.forward(new Record<>("all", String.join(",", all), r.timestamp()));
                                        }
                                    }
                                }
                            }
                        };
                    }
                }).to("reads", Produced.with(Serdes.String(), Serdes.String()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "wb");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        driver = new TopologyTestDriver(b.build(), p);
        commands = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
        reads = driver.createOutputTopic("reads", new StringDeserializer(), new StringDeserializer());
    }

    private List<KeyValue<String, String>> changelog() {
        return driver.createOutputTopic("wb-" + STORE + "-changelog", new StringDeserializer(), new StringDeserializer())
                .readKeyValuesToList();
    }

    @Test
    void shouldReadItsOwnPendingWritesAndDeletesBeforeTheCommit() {
        start();

        commands.pipeInput("x", "put a 1; get a; put a 2; get a; delete a; get a; put b 3; all");

        assertThat(reads.readKeyValuesToList()).containsExactly(KeyValue.pair("a", "1"), KeyValue.pair("a", "2"),
                KeyValue.pair("a", "null"), KeyValue.pair("all", "b=3"));
    }

    @Test
    void shouldWriteEachChangedKeyOnceAtTheCommitWithItsLatestValue() {
        start();

        commands.pipeInput("x", "put a 1; put a 2; put a 3; put b 1; put c 1; delete c");

        Map<String, String> logged = new java.util.HashMap<>();
        List<KeyValue<String, String>> records = changelog();
        records.forEach(kv -> logged.put(kv.key, kv.value));
        assertThat(records).as("one changelog record per key changed").hasSize(3);
        assertThat(logged).containsEntry("a", "3").containsEntry("b", "1").containsEntry("c", null);
    }

    @Test
    void shouldKeepCommittedValuesAcrossCommitsAndReadThemBackFromTheStore() {
        start();
        commands.pipeInput("x", "put a 1; put b 2");
        changelog();

        commands.pipeInput("x", "get a; put b 5; all");

        assertThat(reads.readKeyValuesToList()).containsExactly(KeyValue.pair("a", "1"), KeyValue.pair("all", "a=1,b=5"));
        assertThat(changelog()).containsExactly(KeyValue.pair("b", "5"));
        assertThat(driver.getKeyValueStore(STORE).get("b")).isEqualTo("5");
    }
}

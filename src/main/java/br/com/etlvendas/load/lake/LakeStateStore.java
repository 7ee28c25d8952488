package br.com.etlvendas.load.lake;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads and writes the {@link LakeState} of each partition of one topic as a small JSON object in the lake
 * itself ({@link LakeLayout#stateKey}), so the lake's progress travels with its files: whatever Kafka's group
 * offsets say, a writer resumes from here. Written once or twice per batch, never per record.
 */
final class LakeStateStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final LakeStore store;
    private final String topic;

    LakeStateStore(LakeStore store, String topic) {
        this.store = store;
        this.topic = topic;
    }

    Optional<LakeState> read(int partition) throws IOException {
        Optional<byte[]> bytes = store.get(LakeLayout.stateKey(topic, partition));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(bytes.get(), LakeState.class));
        } catch (IOException e) {
            throw new IOException("the lake's state " + store.describe() + LakeLayout.stateKey(topic, partition)
                    + " is not readable (" + e.getMessage() + "); restore it or remove it to write the partition again"
                    + " from the start of the topic", e);
        }
    }

    void write(int partition, LakeState state) throws IOException {
        store.put(LakeLayout.stateKey(topic, partition), JSON.writeValueAsBytes(state));
    }
}

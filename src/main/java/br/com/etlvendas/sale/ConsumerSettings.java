package br.com.etlvendas.sale;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.time.Duration;
import java.util.Map;

/**
 * Consumer group settings shared by the processes that split a topic's partitions among themselves (Kafka
 * Streams, the warehouse loader): how long the group waits for a silent member before handing its
 * partitions to the others, with heartbeats a third of that (never rarer than Kafka's default 3 s), so a
 * member that is alive is never taken for dead.
 */
public final class ConsumerSettings {

    private ConsumerSettings() {
    }

    public static Map<String, String> groupSession(Duration sessionTimeout) {
        long heartbeat = Math.min(3000, sessionTimeout.toMillis() / 3);
        return Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(heartbeat));
    }
}

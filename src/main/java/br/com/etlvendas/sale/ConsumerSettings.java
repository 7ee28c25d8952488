package br.com.etlvendas.sale;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Consumer settings shared across rooms: read_committed consumers, and the group settings shared by the processes that split a topic's partitions among themselves (Kafka
 * Streams, the warehouse loader): how long the group waits for a silent member before handing its
 * partitions to the others, with heartbeats a third of that (never rarer than Kafka's default 3 s), so a
 * member that is alive is never taken for dead.
 */
public final class ConsumerSettings {

    private ConsumerSettings() {
    }

    /**
     * A consumer of this cluster that sees only committed records (every topic it reads is written in Kafka
     * transactions) and never commits offsets by itself; each user adds its own group, positions and sizes.
     */
    public static Properties readCommitted(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    public static Map<String, String> groupSession(Duration sessionTimeout) {
        long heartbeat = Math.min(3000, sessionTimeout.toMillis() / 3);
        return Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(heartbeat));
    }
}

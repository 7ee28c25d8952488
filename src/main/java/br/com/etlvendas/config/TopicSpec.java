package br.com.etlvendas.config;

import java.time.Duration;
import java.util.Optional;

/** Name and layout of one topic. An empty retention means "keep forever". */
public record TopicSpec(String name, int partitions, short replicationFactor, Optional<Duration> retention,
                        String cleanupPolicy) {
}

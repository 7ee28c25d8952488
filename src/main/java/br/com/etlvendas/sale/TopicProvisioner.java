package br.com.etlvendas.sale;

import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.TopicSpec;
import br.com.etlvendas.config.TopicsConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of {@code config/topics.yml} that do not exist yet, idempotently. An existing topic
 * whose partition count differs from the configured one is reported, never silently used.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /** Creates what is missing; returns one message per existing topic whose layout differs. */
    public static List<String> ensure(Admin admin, TopicsConfig config) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> toCreate = new ArrayList<>();
            List<String> mismatches = new ArrayList<>();
            Map<String, TopicSpec> toCheck = new HashMap<>();
            for (TopicId id : TopicId.values()) {
                TopicSpec spec = config.get(id);
                if (existing.contains(spec.name())) {
                    toCheck.put(spec.name(), spec);
                } else {
                    toCreate.add(newTopic(spec));
                }
            }
            if (!toCheck.isEmpty()) {
                Map<String, TopicDescription> described = admin.describeTopics(toCheck.keySet()).allTopicNames().get(30, TimeUnit.SECONDS);
                for (TopicDescription d : described.values()) {
                    int configured = toCheck.get(d.name()).partitions();
                    if (d.partitions().size() != configured) {
                        mismatches.add("topic " + d.name() + " exists with " + d.partitions().size()
                                + " partitions but config/topics.yml asks for " + configured
                                + "; set its partitions to " + d.partitions().size() + " or recreate the topic");
                    }
                }
            }
            for (NewTopic t : toCreate) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                    log.info("Created topic {} ({} partitions, replication {})", t.name(), t.numPartitions(), t.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return mismatches;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the pipeline's topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static NewTopic newTopic(TopicSpec spec) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanupPolicy());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, spec.retention().map(d -> Long.toString(d.toMillis())).orElse("-1"));
        return new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(configs);
    }
}

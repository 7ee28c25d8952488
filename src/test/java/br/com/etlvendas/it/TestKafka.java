package br.com.etlvendas.it;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.sale.TopicProvisioner;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.Map;

/** The shared broker with one test's own topics, created, and the configuration naming them. */
public record TestKafka(Topics topics, String bootstrap, LoadedConfig config) {

    /** Topics named for {@code name} (see {@link EmbeddedStack#configFor}), created on the shared broker. */
    public static TestKafka forTest(String name) {
        LoadedConfig config = EmbeddedStack.configFor(name, "");
        String bootstrap = EmbeddedStack.servers().kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner.ensure(admin, config.topics());
        }
        return new TestKafka(Topics.from(config.topics()), bootstrap, config);
    }
}

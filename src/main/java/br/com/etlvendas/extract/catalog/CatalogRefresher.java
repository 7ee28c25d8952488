package br.com.etlvendas.extract.catalog;

import br.com.etlvendas.config.EnrichmentConfig;
import br.com.etlvendas.sale.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the catalogue topics equal to the configured catalogues: {@link #refresh()} once at start-up (before
 * Kafka Streams starts, so the first sales are enriched), then {@link #run()} every {@code refresh-interval}.
 * A catalogue that cannot be read at start-up stops the start with its reason; later, the topic keeps the last
 * catalogue published and the failure is logged, so a file being rewritten never empties the catalogue.
 */
public final class CatalogRefresher implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogRefresher.class);

    private record Job(String name, EnrichmentConfig.Catalogue catalogue, List<String> columns, CatalogPublisher publisher) {
    }

    private final List<Job> jobs = new ArrayList<>();
    private final long intervalMs;
    private volatile boolean running = true;

    public CatalogRefresher(EnrichmentConfig config, Topics topics, String bootstrapServers) {
        config.products().ifPresent(c -> jobs.add(new Job("products", c, EnrichmentConfig.PRODUCT_COLUMNS,
                new CatalogPublisher(topics.catalogProducts(), bootstrapServers))));
        config.stores().ifPresent(c -> jobs.add(new Job("stores", c, EnrichmentConfig.STORE_COLUMNS,
                new CatalogPublisher(topics.catalogStores(), bootstrapServers))));
        this.intervalMs = config.refreshInterval().toMillis();
    }

    /** Reads every catalogue and publishes its changes; the first catalogue that cannot be read stops it. */
    public void refresh() throws CatalogReader.CatalogException, InterruptedException {
        for (Job job : jobs) {
            CatalogPublisher.Changes changes = job.publisher().publish(CatalogReader.read(job.name(), job.catalogue(), job.columns()));
            if (changes.total() > 0) {
                log.info("Catalogue {}: {} added, {} changed, {} removed, {} unchanged", job.name(), changes.added(),
                        changes.changed(), changes.removed(), changes.unchanged());
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                Thread.sleep(intervalMs);
                refresh();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (CatalogReader.CatalogException | RuntimeException e) {
                log.error("Catalogues not refreshed, the last ones published stay in use: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
    }
}

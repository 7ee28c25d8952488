package br.com.etlvendas.transform;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the enrichment processors that a catalogue's global store changed: the store's updater (on Kafka Streams'
 * global thread) counts every change, and a stream thread that sees another count than at its last look reads the
 * catalogue again into its own hash map. Catalogues are small and change rarely (a refresh publishes only what
 * changed), so each line costs a plain hash-map lookup instead of a store read with its key and value (de)coding.
 */
final class CatalogueChanges {

    private final AtomicLong changes = new AtomicLong();

    void changed() {
        changes.incrementAndGet();
    }

    long count() {
        return changes.get();
    }
}

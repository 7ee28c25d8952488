package br.com.etlvendas.sale;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values, so no call site names a topic or picks a serde by hand. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}

package br.com.etlvendas.sale;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * Serde for {@code sales.clean}: the JSON of {@link JsonSerde JsonSerde&lt;Sale&gt;}, written by {@link SaleWriter}
 * and read by {@link SaleReader}, as every record Kafka Streams writes and the warehouse loader reads passes
 * through it. Whatever those two do not handle is passed to {@link JsonSerde}, so bytes, values and errors
 * are always the mapper's.
 */
public final class SaleSerde implements Serde<Sale> {

    private final JsonSerde<Sale> mapped = new JsonSerde<>(Sale.class);

    @Override
    public Serializer<Sale> serializer() {
        Serializer<Sale> fallback = mapped.serializer();
        return (topic, sale) -> {
            if (sale == null) {
                return null;
            }
            try {
                return SaleWriter.write(sale);
            } catch (IOException | RuntimeException e) {
                return fallback.serialize(topic, sale);
            }
        };
    }

    @Override
    public Deserializer<Sale> deserializer() {
        Deserializer<Sale> fallback = mapped.deserializer();
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return SaleReader.read(data);
            } catch (IOException | RuntimeException notOnFastPath) {
                return fallback.deserialize(topic, data);
            }
        };
    }
}

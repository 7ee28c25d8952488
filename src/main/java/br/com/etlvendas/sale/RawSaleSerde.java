package br.com.etlvendas.sale;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Serde for {@code sales.raw}. Its reader never throws: a payload that is not a readable sale becomes
 * {@link RawSale#unreadable}, so that it reaches the DLQ with its reason instead of stopping the pipeline.
 */
public final class RawSaleSerde implements Serde<RawSale> {

    /** Writes the same JSON as {@link SaleJson#mapper()}, field by field: it runs for every record a source publishes. */
    @Override
    public Serializer<RawSale> serializer() {
        return (topic, sale) -> sale == null ? null : RawSaleWriter.write(sale);
    }

    @Override
    public Deserializer<RawSale> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return RawSale.unreadable("", "empty payload (null value)");
            }
            try {
                RawSale sale = read(data);
                return sale == null ? RawSale.unreadable("", "empty payload (JSON null)") : sale;
            } catch (IOException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                return RawSale.unreadable(new String(data, StandardCharsets.UTF_8), "payload is not a readable sale: " + reason);
            }
        };
    }

    /**
     * The mapper's reading of {@code data}, through {@link RawSaleReader} for the usual shapes (it runs for every
     * record Kafka Streams reads); anything that reader does not handle, unreadable input included, is read
     * again by the mapper itself, so values and error texts are the mapper's.
     */
    private static RawSale read(byte[] data) throws IOException {
        try {
            return RawSaleReader.read(data);
        } catch (IOException | RuntimeException notOnFastPath) {
            return SaleJson.mapper().readValue(data, RawSale.class);
        }
    }
}

package br.com.etlvendas.sale;

import br.com.etlvendas.config.GeneratorConfig;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.transform.SaleValidator;
import br.com.etlvendas.transform.Validation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real and generated sales for the tests that hold the hand-written JSON readers and writers against the
 * shared mapper: the public Superstore export mapped through {@code config/mappings/superstore.yml}, and the
 * demo generator's records (valid, broken on purpose and truncated ones alike).
 */
final class SampleSales {

    private static final Path SUPERSTORE = Path.of("samples", "superstore.csv");
    private static final Path SUPERSTORE_MAPPING = Path.of("config", "mappings", "superstore.yml");
    private static final String GENERATOR = "br.com.etlvendas.extract.generator.SaleGenerator";

    private SampleSales() {
    }

    /** Every line of the Superstore sample as its source publishes it: 9,994 sales of one line each. */
    /** A sale of store LJ-01 with the given time and lines, as the serde tests write and read it. */
    static Sale sale(OffsetDateTime soldAt, SaleLine... lines) {
        return new Sale("S-1", soldAt, new Store("LJ-01", "Loja Centro", "São Paulo", "SP"), Channel.STORE,
                new Customer("C-9", "Maria da Silva", "52998224725"), PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED,
                List.of(lines), "generator:run-1");
    }

    static SaleLine line(int no, String qty, String price, String discount, String net) {
        return new SaleLine(no, "SKU-" + no, "Produto " + no, "Mercearia", new BigDecimal(qty),
                Money.parse(price), Money.parse(discount), Money.parse(net));
    }

    static List<RawSale> superstore() {
        RowMapper mapper = new RowMapper(MappingLoader.load(SUPERSTORE_MAPPING, Map.of()));
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        List<RawSale> sales = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(SUPERSTORE, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, format)) {
            for (CSVRecord record : parser) {
                ObjectNode data = SaleJson.mapper().createObjectNode();
                record.toMap().forEach(data::put);
                long line = record.getRecordNumber() + 1;
                sales.add(mapper.map(new SourceRow(line, data, String.join(",", record.values())), "superstore.csv#L" + line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SUPERSTORE, e);
        }
        return sales;
    }

    /** The sales that pass validation, as Kafka Streams writes them to {@code sales.clean}. */
    static List<Sale> validated(List<RawSale> raw) {
        SaleValidator validator = new SaleValidator(Clock.systemUTC());
        List<Sale> sales = new ArrayList<>();
        for (RawSale r : raw) {
            if (validator.validate(r) instanceof Validation.Valid valid) {
                sales.add(valid.sale());
            }
        }
        return sales;
    }

    /**
     * The payloads of {@code count} generator records, a fifth of them broken on purpose (some cut in half) and
     * some re-sent, with sale times years apart (São Paulo had summer time until 2019) and to the millisecond.
     * The generator is internal to its package, so it is reached by reflection.
     */
    static List<byte[]> generatedPayloads(int count, long seed) {
        GeneratorConfig config = new GeneratorConfig(true, 1_000, 0.2, 0.05, 5, seed);
        Serializer<RawSale> serializer = new RawSaleSerde().serializer();
        try {
            Class<?> type = Class.forName(GENERATOR);
            Constructor<?> constructor = type.getDeclaredConstructor(GeneratorConfig.class, String.class,
                    Serializer.class, Clock.class, long.class);
            constructor.setAccessible(true);
            Object generator = constructor.newInstance(config, "run-" + seed, serializer, new SteppingClock(), seed);
            Method next = type.getDeclaredMethod("next");
            next.setAccessible(true);
            List<byte[]> payloads = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Object record = next.invoke(generator);
                Method payload = record.getClass().getDeclaredMethod("payload");
                payload.setAccessible(true);
                payloads.add((byte[]) payload.invoke(record));
            }
            return payloads;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot drive " + GENERATOR + " (renamed or changed?)", e);
        }
    }

    /** From 2016 on, a little over a day and a random number of milliseconds per reading. */
    private static final class SteppingClock extends Clock {

        private long millis = Instant.parse("2016-01-01T00:00:00Z").toEpochMilli();
        private final java.util.Random random = new java.util.Random(7);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            millis += 86_400_000L + 3_600_000L * random.nextInt(12) + random.nextInt(1_000_000);
            return Instant.ofEpochMilli(millis);
        }
    }
}

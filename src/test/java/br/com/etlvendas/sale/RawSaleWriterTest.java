package br.com.etlvendas.sale;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RawSaleWriterTest {

    private final RawSaleSerde serde = new RawSaleSerde();

    @Test
    void shouldWriteExactlyWhatTheSharedMapperWritesForEveryShapeOfRecord() throws Exception {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("profit", "41.9136");
        attributes.put("empty", "");
        attributes.put("quoted", "say \"oi\"\n\tçã 🛒 \u0001");
        RawSaleLine full = new RawSaleLine("1", "FUR-BO-1", "Bookcase \"Bush\"", "Furniture", "2", "130.98", "0",
                "261.96", attributes);
        RawSaleLine sparse = new RawSaleLine("", null, "Só nome", "", "1", null, null, "", Map.of());
        List<RawSale> samples = List.of(
                new RawSale("CA-2016-152156", "2016-11-08T00:00-05:00", "SUPERSTORE-US", "Superstore", "Henderson",
                        "Kentucky", "US", "ecommerce", "CG-12520", "Claire Gute", "", "PIX", "USD", "COMPLETED",
                        List.of(full, sparse), "superstore", "s3://vendas/a.csv#L2", null, null),
                new RawSale("V-1", null, null, null, null, null, null, null, null, null, null, null, null, null,
                        List.of(), "pdv", null, null, null),
                new RawSale("V-2", "", "", "", "", "", "", "", "", "", "", "", "", "", null, "", "", List.of(), ""),
                RawSale.unreadable("{not json", "payload is not a readable sale: Unexpected character"),
                RawSale.rejectedAtSource("1;abc;\"x\"", List.of("quantity: 'abc' is not a number", "sold_at: missing"),
                        "erp", "file:///tmp/v.csv#L9"));

        for (RawSale sale : samples) {
            byte[] written = serde.serializer().serialize("sales.raw", sale);
            byte[] expected = SaleJson.mapper().writeValueAsBytes(sale);
            assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(serde.deserializer().deserialize("sales.raw", written)).isEqualTo(
                    SaleJson.mapper().readValue(expected, RawSale.class));
        }
    }

    @Test
    void shouldEscapeAndEncodeAnyTextExactlyAsTheSharedMapperDoes() throws Exception {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                switch (random.nextInt(5)) {
                    case 0 -> text.append((char) random.nextInt(0x80));          // ASCII, control characters too
                    case 1 -> text.append((char) (0x80 + random.nextInt(0x780))); // two UTF-8 bytes
                    case 2 -> text.append((char) (0x800 + random.nextInt(0xD000))); // three, below the surrogates
                    case 3 -> text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF)); // four: a surrogate pair
                    default -> text.append("\"\\/\u007F\u2028");
                }
            }
            String t = text.toString();
            RawSale sale = new RawSale(t, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    List.of(new RawSaleLine("1", t, null, null, null, null, null, null, Map.of(t.isEmpty() ? "k" : t, t))),
                    "s", "o", List.of(t), t);

            assertThat(serde.serializer().serialize("sales.raw", sale))
                    .as("text %s", t.codePoints().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(SaleJson.mapper().writeValueAsBytes(sale));
        }
    }

    @Test
    void shouldWriteALoneSurrogateAsAnEscapeThatReadsBackToIt() throws Exception {
        RawSale sale = RawSale.unreadable("a\uD800b\uDC00", "bad");

        byte[] written = serde.serializer().serialize("sales.raw", sale);

        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"unreadablePayload\":\"a\\uD800b\\uDC00\"");
        assertThat(written).isEqualTo(SaleJson.mapper().writeValueAsBytes(sale));
        assertThat(serde.deserializer().deserialize("sales.raw", written).unreadablePayload()).isEqualTo("a\uD800b\uDC00");
    }

    @Test
    void shouldWriteNothingForANullRecord() {
        assertThat(serde.serializer().serialize("sales.raw", null)).isNull();
    }
}

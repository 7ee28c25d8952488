package br.com.etlvendas.sale;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RawSaleReader} and the {@link RawSaleSerde} reader built on it, held against the shared mapper. */
class RawSaleReaderTest {

    private static final String TOPIC = "sales.raw";

    private final RawSaleSerde serde = new RawSaleSerde();

    /** What the serde's reader made of a payload when it read through the mapper alone: the expected outcome. */
    private static RawSale mapperOutcome(byte[] data) {
        try {
            RawSale sale = SaleJson.mapper().readValue(data, RawSale.class);
            return sale == null ? RawSale.unreadable("", "empty payload (JSON null)") : sale;
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return RawSale.unreadable(new String(data, StandardCharsets.UTF_8), "payload is not a readable sale: " + reason);
        }
    }

    private static boolean mapperReads(byte[] data) {
        try {
            SaleJson.mapper().readValue(data, RawSale.class);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadEverySuperstoreSaleAsTheSharedMapperDoesWithoutFallingBackToIt() throws Exception {
        // given
        List<RawSale> sales = SampleSales.superstore();

        for (RawSale sale : sales) {
            byte[] payload = RawSaleWriter.write(sale);

            // when
            RawSale read = RawSaleReader.read(payload);

            // then
            assertThat(read).isEqualTo(SaleJson.mapper().readValue(payload, RawSale.class)).isEqualTo(sale);
            assertThat(read.lines().get(0).attributes()).isNotEmpty();
        }
        assertThat(sales).hasSize(9_994);
    }

    @Test
    void shouldReadEveryGeneratedRecordAsTheSharedMapperDoesBrokenAndTruncatedOnesToo() throws Exception {
        // given valid, broken, truncated and re-sent records of the demo generator
        List<byte[]> payloads = SampleSales.generatedPayloads(3_000, 11);
        int readable = 0;

        for (byte[] payload : payloads) {
            // when
            RawSale read = serde.deserializer().deserialize(TOPIC, payload);

            // then
            RawSale expected = mapperOutcome(payload);
            assertThat(read).as(new String(payload, StandardCharsets.UTF_8)).isEqualTo(expected);
            if (!expected.isUnreadable()) {
                assertThat(RawSaleReader.read(payload)).isEqualTo(expected);
                readable++;
            }
        }
        assertThat(readable).isBetween(2_800, 2_995);
    }

    @Test
    void shouldReadNumbersBooleansNullsMissingAndUnknownFieldsAsTheSharedMapperDoesWithoutFallingBackToIt()
            throws Exception {
        // given the shapes other producers than ours may send
        List<String> payloads = List.of(
                "{}",
                "{\"saleId\":\"S-1\",\"soldAt\":null,\"storeId\":12,\"storeName\":-0.0,\"storeCity\":1e3,"
                        + "\"storeState\":true,\"storeCountry\":false,\"channel\":19.90,\"customerId\":100}",
                "{\"saleId\":\"S-2\",\"lines\":[{\"lineNo\":1,\"quantity\":2,\"unitPrice\":19.90,\"discount\":0,"
                        + "\"netAmount\":39.8000,\"attributes\":{\"profit\":-8.5794000000001,\"mode\":\"Second Class\","
                        + "\"none\":null,\"flag\":true}}]}",
                "{\"lines\":[null,{},{\"attributes\":{}},{\"attributes\":null,\"sku\":null}],\"unreadableReasons\":[]}",
                "{\"lines\":null,\"unreadableReasons\":[\"a\",null,3,false],\"unreadablePayload\":\"{not json\"}",
                "{\"unknown\":{\"deep\":[1,{\"x\":[]}]},\"saleId\":\"S-3\",\"more\":[[],{}],\"lines\":[{\"extra\":{\"a\":1},"
                        + "\"sku\":\"X\"}],\"unreadable\":true,\"lineCount\":[7],\"unreadableReason\":\"ignored\"}",
                "{\"customerName\":\"Jos\\u00e9 \\\"Z\\u00e9\\\" d'\\u00c1vila \\\\ \\/ \\t\\n\\u0001 \\ud83d\\uded2\"}",
                "{\"lines\":[{\"attributes\":{\"k\":\"1\",\"j\":\"2\",\"k\":\"3\"}}]}",
                "{\"saleId\":\"S-4\"} trailing bytes are not read",
                " \n\t{\"saleId\" : \"S-5\" , \"lines\" : [ ] }\n",
                "{\"saleId\":\"" + "x".repeat(10_000) + "\",\"origin\":\"\"}");

        for (String json : payloads) {
            // when
            RawSale read = RawSaleReader.read(utf8(json));

            // then
            assertThat(read).as(json).isEqualTo(SaleJson.mapper().readValue(utf8(json), RawSale.class));
            assertThat(serde.deserializer().deserialize(TOPIC, utf8(json))).as(json).isEqualTo(read);
        }
    }

    @Test
    void shouldLeaveEveryOtherPayloadToTheSharedMapperWithItsOwnReasons() {
        // given payloads the reader does not repeat the mapper on: not JSON, not a sale, coercions, repeats
        List<String> payloads = List.of(
                "", " ", "null", "nul", "[]", "[{}]", "\"\"", "\"a sale\"", "42", "true", "{", "{\"saleId\":",
                "{\"saleId\":\"S-1\"", "{\"saleId\":\"S-1\",}", "{'saleId':'S-1'}", "{saleId:1}",
                "{\"saleId\":[\"a\"]}", "{\"saleId\":[]}", "{\"saleId\":{}}", "{\"saleId\":\"a\",\"saleId\":\"b\"}",
                "{\"lines\":\"\"}", "{\"lines\":{}}", "{\"lines\":[1]}", "{\"lines\":[\"\"]}", "{\"lines\":[[]]}",
                "{\"lines\":[{\"attributes\":\"\"}]}", "{\"lines\":[{\"attributes\":[]}]}",
                "{\"lines\":[{\"attributes\":{\"a\":[]}}]}", "{\"lines\":[{\"sku\":\"a\",\"sku\":\"b\"}]}",
                "{\"unreadableReasons\":\"one\"}", "{\"unreadableReasons\":[[\"nested\"]]}",
                "{\"saleId\":NaN}", "{\"saleId\":01}", "{\"saleId\":\"\\x\"}", "{\"saleId\":\"a\u0001b\"}");

        for (String json : payloads) {
            // when
            RawSale read = serde.deserializer().deserialize(TOPIC, utf8(json));

            // then
            assertThat(read).as(json).isEqualTo(mapperOutcome(utf8(json)));
        }
        byte[] invalidUtf8 = {'{', '"', 's', 'a', 'l', 'e', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(serde.deserializer().deserialize(TOPIC, invalidUtf8)).isEqualTo(mapperOutcome(invalidUtf8));
    }

    @Test
    void shouldReadAnyTextBackAsTheSharedMapperDoes() throws Exception {
        // given texts of every kind of character: control, two-, three- and four-byte UTF-8, quotes, backslashes
        Random random = new Random(5);
        int readable = 0;
        for (int i = 0; i < 2_000; i++) {
            String t = RandomText.of(random);
            RawSale sale = new RawSale(t, t, null, "", t, null, t, null, null, null, null, null, null, null,
                    List.of(new RawSaleLine("1", t, null, null, null, null, null, null, Map.of(t.isEmpty() ? "k" : t, t))),
                    "s", t, List.of(t, ""), t);
            byte[] payload = RawSaleWriter.write(sale);

            // when
            RawSale read = serde.deserializer().deserialize(TOPIC, payload);

            // then
            String text = "text " + t.codePoints().mapToObj(Integer::toHexString).toList();
            RawSale expected = mapperOutcome(payload);
            assertThat(read).as(text).isEqualTo(expected);
            if (mapperReads(payload)) {
                assertThat(RawSaleReader.read(payload)).as(text).isEqualTo(expected);
                readable++;
            }
        }
        // the rest has a lone surrogate in a key: the mapper writes it as an escape its parser refuses in a name
        assertThat(readable).isGreaterThan(1_000);
    }
}

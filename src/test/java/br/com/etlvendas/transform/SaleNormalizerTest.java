package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SaleNormalizerTest {

    private static final OffsetDateTime SOLD_AT = OffsetDateTime.parse("2024-03-01T14:30:00-03:00");

    private final SaleNormalizer normalizer = new SaleNormalizer();

    /** The normaliser as it was first written, with a stream sort and a regular expression: the oracle. */
    private static Sale streamAndRegexNormalize(Sale s) {
        Store store = new Store(s.store().storeId().strip(), regexClean(s.store().name()), regexClean(s.store().city()),
                s.store().state(), s.store().country());
        Customer customer = new Customer(regexClean(s.customer().customerId()), regexClean(s.customer().name()),
                s.customer().document());
        List<SaleLine> lines = s.lines().stream()
                .sorted(Comparator.comparingInt(SaleLine::lineNo))
                .map(l -> new SaleLine(l.lineNo(), l.sku().strip().toUpperCase(Locale.ROOT), regexClean(l.productName()),
                        regexClean(l.category()), l.quantity().stripTrailingZeros().scale() < 0
                        ? l.quantity().setScale(0) : l.quantity().stripTrailingZeros(),
                        l.unitPrice().normalized(), l.discount().normalized(), l.netAmount().normalized(), l.attributes()))
                .toList();
        return new Sale(s.saleId().strip(), s.soldAt(), store, s.channel(), customer, s.paymentMethod(),
                s.currency(), s.status(), lines, s.source());
    }

    private static String regexClean(String text) {
        return text == null ? null : text.strip().replaceAll("\\s+", " ");
    }

    private static Sale sale(String id, Store store, Customer customer, List<SaleLine> lines) {
        return new Sale(id, SOLD_AT, store, Channel.STORE, customer, PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED,
                lines, "test");
    }

    private static SaleLine line(int lineNo, String sku, String name, String quantity, String price) {
        BigDecimal q = new BigDecimal(quantity);
        Money p = Money.parse(price);
        return new SaleLine(lineNo, sku, name, "Mercearia", q, p, Money.parse("0.00"), p.times(q), Map.of("profit", "1.5"));
    }

    @Test
    void shouldCollapseWhitespaceUpperCaseSkusSortLinesAndNormaliseAmounts() {
        // given
        Sale raw = sale(" S-1 ", new Store(" LJ-01 ", "  Loja \t\n Centro  ", "São\u000B\fPaulo", "SP"),
                new Customer(" C-1 ", "Ana   Souza", "52998224725"),
                List.of(line(2, " sku-b ", "Feijão\r\n1kg", "2.000", "7.5"), line(1, "sku-a", "Arroz", "1E+1", "19.9900")));

        // when
        Sale sale = normalizer.normalize(raw);

        // then
        assertThat(sale.saleId()).isEqualTo("S-1");
        assertThat(sale.store()).isEqualTo(new Store("LJ-01", "Loja Centro", "São Paulo", "SP"));
        assertThat(sale.customer()).isEqualTo(new Customer("C-1", "Ana Souza", "52998224725"));
        assertThat(sale.lines()).extracting(SaleLine::lineNo).containsExactly(1, 2);
        assertThat(sale.lines()).extracting(SaleLine::sku).containsExactly("SKU-A", "SKU-B");
        assertThat(sale.lines().get(0).quantity().toPlainString()).isEqualTo("10");
        assertThat(sale.lines().get(0).unitPrice().amount().toPlainString()).isEqualTo("19.99");
        assertThat(sale.lines().get(1).productName()).isEqualTo("Feijão 1kg");
        assertThat(sale.lines().get(1).quantity().toPlainString()).isEqualTo("2");
        assertThat(sale.lines().get(1).unitPrice().amount().toPlainString()).isEqualTo("7.50");
    }

    @Test
    void shouldKeepWhitespaceThatRegexWhitespaceDoesNotCover() {
        // given separators strip() removes at the ends but \s does not match inside
        Sale raw = sale("S-1", new Store("L", "\u2003Loja\u00A0\u00A0Centro\u2003", "A\u001C\u001CB", "SP"),
                new Customer(null, "Ana\u2003 Souza", null), List.of(line(1, "SKU", null, "1", "5.00")));

        // when
        Sale sale = normalizer.normalize(raw);

        // then
        assertThat(sale.store().name()).isEqualTo("Loja\u00A0\u00A0Centro");
        assertThat(sale.store().city()).isEqualTo("A\u001C\u001CB");
        assertThat(sale.customer().name()).isEqualTo("Ana\u2003 Souza");
        assertThat(sale.customer().customerId()).isNull();
        assertThat(sale.lines().get(0).productName()).isNull();
    }

    @Test
    void shouldKeepLinesWithTheSameNumberInTheirOrder() {
        // given lines out of order, two of them numbered 2
        Sale raw = sale("S-1", new Store("L", null, null, "SP"), new Customer(null, null, null),
                List.of(line(3, "C", null, "1", "1.00"), line(2, "B1", null, "1", "1.00"),
                        line(1, "A", null, "1", "1.00"), line(2, "B2", null, "1", "1.00")));

        // when
        Sale sale = normalizer.normalize(raw);

        // then
        assertThat(sale.lines()).extracting(SaleLine::sku).containsExactly("A", "B1", "B2", "C");
    }

    @Test
    void shouldReturnASaleThatIsAlreadyNormalAsItIs() {
        // given
        Sale raw = sale("S-1", new Store("LJ-01", "Loja Centro", "Campinas", "SP"), new Customer("C-1", "Ana Souza", null),
                List.of(line(1, "SKU-A", "Arroz 5kg", "2", "10.50"), line(2, "SKU-B", null, "1.5", "3.3333")));

        // when
        Sale sale = normalizer.normalize(raw);

        // then
        assertThat(sale).isSameAs(raw);
        assertThat(sale).isEqualTo(streamAndRegexNormalize(raw));
    }

    @Test
    void shouldNormaliseAnySaleExactlyAsTheStreamAndRegexNormaliserDid() {
        Random random = new Random(5);
        String[] texts = {null, "", "Loja", "  Loja  Centro ", "a\tb", "a \t b", "a\u000Bb", "a\fb\rc", "a\n\nb", " ", "\t",
                "x\u001Cy", "x\u00A0 y", "\u2003x\u2003", "Café  Pilão", "a b c", "ab  ", "sku-1", "SKU-1", "ß"};
        String[] numbers = {"0", "0.00", "1", "1.0", "1.50", "10", "1E+1", "1.00E+2", "100", "19.9900", "3.3333",
                "0.000100", "-2.50", "7", "12345.6789000"};
        for (int i = 0; i < 20_000; i++) {
            // given
            List<SaleLine> lines = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int k = 0; k < count; k++) {
                String sku = texts[2 + random.nextInt(texts.length - 2)];
                lines.add(new SaleLine(random.nextInt(4) == 0 ? 1 + random.nextInt(3) : k + 1, sku,
                        texts[random.nextInt(texts.length)], texts[random.nextInt(texts.length)],
                        new BigDecimal(numbers[random.nextInt(numbers.length)]),
                        Money.parse(numbers[random.nextInt(numbers.length)]), Money.parse(numbers[random.nextInt(numbers.length)]),
                        Money.parse(numbers[random.nextInt(numbers.length)]),
                        random.nextBoolean() ? Map.of() : Map.of("profit", texts[2 + random.nextInt(5)])));
            }
            Sale raw = sale(texts[2 + random.nextInt(texts.length - 2)],
                    new Store(texts[2 + random.nextInt(texts.length - 2)], texts[random.nextInt(texts.length)],
                            texts[random.nextInt(texts.length)], "SP"),
                    new Customer(texts[random.nextInt(texts.length)], texts[random.nextInt(texts.length)], null), lines);

            // when
            Sale sale = normalizer.normalize(raw);

            // then: equal field by field, amounts to the scale
            assertThat(sale).as("%s", raw).isEqualTo(streamAndRegexNormalize(raw));
        }
    }
}

package br.com.etlvendas.extract.generator;

import br.com.etlvendas.config.GeneratorConfig;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import net.datafaker.Faker;
import org.apache.kafka.common.serialization.Serializer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Makes realistic Brazilian retail sales (stores in every state, BRL, PIX/cards/boleto, store, e-commerce,
 * marketplace and app channels, Portuguese and English spellings as real exports mix them), with a
 * configured share of records made invalid on purpose, of earlier sales re-sent as duplicates, and of earlier
 * sales re-sent as a corrected or cancelled version. Every sale is sent whole ({@code wholeSale}), so a new
 * version replaces the sale's lines; a duplicate always re-sends a sale's latest version. Credit-card sales carry
 * their number of instalments (parcelas), as Brazilian shoppers split them; other sales leave it out. Deterministic
 * for a given seed and clock.
 */
final class SaleGenerator {

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
    private static final int RECENT = 512;
    /** The plans card machines and checkouts offer, the common ones more than once (more often drawn). */
    private static final int[] INSTALLMENT_PLANS = {2, 2, 3, 3, 3, 4, 5, 6, 6, 10, 10, 10, 12, 12};
    private static final int[] INSTALLMENT_PLANS_LONG = {18, 24};

    private final GeneratorConfig config;
    private final String source;
    private final String runId;
    private final Serializer<RawSale> serializer;
    private final Clock clock;
    private final Random random;
    private final Faker faker;
    /**
     * Draws instalments apart from {@link #random}, so that adding them left every other generated value as it was
     * for a given seed.
     */
    private final Random installmentDraws;
    /** Sales sent lately, each at its latest version: what duplicates, corrections and cancellations re-send. */
    private final List<Sent> recent = new ArrayList<>();
    private long sequence;

    SaleGenerator(GeneratorConfig config, String runId, Serializer<RawSale> serializer, Clock clock, long seed) {
        this.config = config;
        this.runId = runId;
        this.source = "generator:" + runId;
        this.serializer = serializer;
        this.clock = clock;
        this.random = new Random(seed);
        this.faker = new Faker(new Locale("pt", "BR"), new Random(seed ^ 0x5DEECE66DL));
        this.installmentDraws = new Random(seed ^ 0x2545F4914F6CDD1DL);
    }

    String source() {
        return source;
    }

    /** A sale sent, at its latest version, and the record that sent it. */
    private record Sent(RawSale sale, GeneratedRecord record) {
    }

    GeneratedRecord next() {
        double roll = random.nextDouble();
        double corrections = config.duplicateFraction() + config.correctionFraction();
        double cancellations = corrections + config.cancellationFraction();
        if (roll < cancellations && !recent.isEmpty()) {
            int pick = random.nextInt(recent.size());
            Sent earlier = recent.get(pick);
            if (roll < config.duplicateFraction()) {
                GeneratedRecord original = earlier.record();
                return new GeneratedRecord(original.key(), original.payload(), GeneratedRecord.Kind.DUPLICATE,
                        original.lineCount(), Money.ZERO, original.origin() + ";resent");
            }
            boolean cancel = roll >= corrections;
            RawSale next = cancel ? cancelled(earlier.sale()) : corrected(earlier.sale());
            GeneratedRecord record = new GeneratedRecord(next.saleId(), serializer.serialize(null, next),
                    cancel ? GeneratedRecord.Kind.CANCELLATION : GeneratedRecord.Kind.CORRECTION, next.lineCount(),
                    revenueOf(next).minus(revenueOf(earlier.sale())), next.origin());
            recent.set(pick, new Sent(next, record));
            return record;
        }
        RawSale sale = validSale();
        if (roll < cancellations + config.invalidFraction()) {
            return invalid(sale);
        }
        GeneratedRecord record = new GeneratedRecord(sale.saleId(), serializer.serialize(null, sale),
                GeneratedRecord.Kind.VALID, sale.lineCount(), revenueOf(sale), sale.origin());
        if (recent.size() < RECENT) {
            recent.add(new Sent(sale, record));
        } else {
            recent.set(random.nextInt(RECENT), new Sent(sale, record));
        }
        return record;
    }

    /** The sale with one change a shop makes after the fact: a line removed, a quantity or a price corrected. */
    private RawSale corrected(RawSale s) {
        List<RawSaleLine> lines = new ArrayList<>(s.lines());
        int at = random.nextInt(lines.size());
        int change = random.nextInt(3);
        if (change == 0 && lines.size() > 1) {
            lines.remove(at);
        } else {
            RawSaleLine l = lines.get(at);
            BigDecimal quantity = new BigDecimal(l.quantity());
            BigDecimal price = new BigDecimal(l.unitPrice());
            if (change == 1) {
                quantity = quantity.add(BigDecimal.ONE);
            } else {
                price = price.multiply(new BigDecimal("0.90")).setScale(2, RoundingMode.HALF_EVEN);
            }
            BigDecimal discount = new BigDecimal(l.discount());
            BigDecimal net = quantity.multiply(price).subtract(discount);
            lines.set(at, new RawSaleLine(l.lineNo(), l.sku(), l.productName(), l.category(), quantity.toPlainString(),
                    price.toPlainString(), discount.toPlainString(), net.toPlainString()));
        }
        return revised(s, s.status(), lines, s.origin() + ";corrected");
    }

    private RawSale cancelled(RawSale s) {
        return revised(s, pick("CANCELLED", "cancelada"), s.lines(), s.origin() + ";cancelled");
    }

    private static RawSale revised(RawSale s, String status, List<RawSaleLine> lines, String origin) {
        return new RawSale(s.saleId(), s.soldAt(), s.storeId(), s.storeName(), s.storeCity(), s.storeState(),
                s.storeCountry(), s.channel(), s.customerId(), s.customerName(), s.customerDocument(), s.paymentMethod(),
                s.currency(), status, lines, s.source(), origin, null, null, null, Boolean.TRUE, s.installments());
    }

    private RawSale validSale() {
        sequence++;
        String saleId = runId + "-" + String.format("%08d", sequence);
        StoreNetwork.StoreSite store = StoreNetwork.pick(random);
        boolean online = store.storeId().startsWith("WEB");
        String channel = online ? pick("ECOMMERCE", "e-commerce", "MARKETPLACE", "marketplace", "APP", "aplicativo")
                : pick("STORE", "loja", "loja física");
        String payment = payment(online);
        boolean identified = online || random.nextDouble() < 0.6;
        String status = statusOf(random.nextDouble());
        OffsetDateTime soldAt = OffsetDateTime.now(clock).atZoneSameInstant(SAO_PAULO).toOffsetDateTime()
                .truncatedTo(ChronoUnit.MILLIS);
        int lineCount = 1 + random.nextInt(config.maxLinesPerSale());
        List<RawSaleLine> lines = new ArrayList<>(lineCount);
        for (int i = 1; i <= lineCount; i++) {
            lines.add(line(i));
        }
        return new RawSale(saleId, soldAt.toString(), store.storeId(), store.name(), store.city(), store.state(), null,
                channel, identified ? "C" + (100000 + random.nextInt(900000)) : null,
                identified ? faker.name().fullName() : null, identified ? faker.cpf().valid(true) : null,
                payment, "BRL", status, lines, source, "seq=" + sequence, null, null, null, Boolean.TRUE,
                installments(payment, lines));
    }

    /**
     * The instalments of a credit-card sale, null for any other payment: small baskets are mostly paid at once
     * (1x), larger ones mostly split in 2x to 12x ("sem juros"), and a few big ones in up to 24x on a store card.
     */
    private String installments(String payment, List<RawSaleLine> lines) {
        if (!"CREDIT_CARD".equals(payment) && !"cartão de crédito".equals(payment) && !"credito".equals(payment)) {
            return null;
        }
        BigDecimal total = BigDecimal.ZERO;
        for (RawSaleLine l : lines) {
            total = total.add(new BigDecimal(l.netAmount()));
        }
        double r = installmentDraws.nextDouble();
        if (total.compareTo(BigDecimal.valueOf(100)) < 0 ? r < 0.85 : r < 0.35) {
            return "1";
        }
        if (total.compareTo(BigDecimal.valueOf(1500)) >= 0 && r > 0.97) {
            return Integer.toString(INSTALLMENT_PLANS_LONG[installmentDraws.nextInt(INSTALLMENT_PLANS_LONG.length)]);
        }
        return Integer.toString(INSTALLMENT_PLANS[installmentDraws.nextInt(INSTALLMENT_PLANS.length)]);
    }

    private RawSaleLine line(int lineNo) {
        ProductCatalog.Product p = ProductCatalog.pick(random);
        BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(p.category().equals("Mercado") ? 6 : 3));
        BigDecimal gross = quantity.multiply(p.price());
        BigDecimal discount = random.nextDouble() < 0.2
                ? gross.multiply(BigDecimal.valueOf(5 + random.nextInt(11))).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_EVEN)
                : BigDecimal.ZERO;
        BigDecimal net = gross.subtract(discount);
        return new RawSaleLine(Integer.toString(lineNo), p.sku(), p.name(), p.category(), quantity.toPlainString(),
                p.price().toPlainString(), discount.toPlainString(), net.toPlainString());
    }

    private String payment(boolean online) {
        double r = random.nextDouble();
        if (r < 0.40) {
            return pick("PIX", "pix");
        } else if (r < 0.75) {
            return pick("CREDIT_CARD", "cartão de crédito", "credito");
        } else if (r < 0.87) {
            return pick("DEBIT_CARD", "débito");
        } else if (online || r < 0.92) {
            return pick("BOLETO", "boleto");
        }
        return pick("CASH", "dinheiro");
    }

    private static String statusOf(double r) {
        if (r < 0.97) {
            return "COMPLETED";
        }
        return r < 0.99 ? "CANCELLED" : "RETURNED";
    }

    /** Breaks a valid sale in one to three ways (or, rarely, sends bytes that are not JSON at all). */
    private GeneratedRecord invalid(RawSale s) {
        if (random.nextDouble() < 0.05) {
            byte[] full = serializer.serialize(null, s);
            byte[] truncated = Arrays.copyOf(full, Math.max(1, full.length / 2));
            return new GeneratedRecord(s.saleId(), truncated, GeneratedRecord.Kind.INVALID, 1, Money.ZERO, s.origin());
        }
        RawSale broken = s;
        int faults = 1 + random.nextInt(3);
        for (int i = 0; i < faults; i++) {
            broken = corrupt(broken, random.nextInt(8));
        }
        String payloadText = new String(serializer.serialize(null, broken), StandardCharsets.UTF_8);
        return new GeneratedRecord(s.saleId(), payloadText.getBytes(StandardCharsets.UTF_8), GeneratedRecord.Kind.INVALID,
                broken.lineCount(), Money.ZERO, s.origin());
    }

    private RawSale corrupt(RawSale s, int kind) {
        List<RawSaleLine> lines = s.lines() == null ? List.of() : s.lines();
        return switch (kind) {
            case 0 -> with(s, null, s.soldAt(), s.storeState(), s.paymentMethod(), s.currency(), lines);
            case 1 -> with(s, s.saleId(), s.soldAt() == null ? null : s.soldAt().substring(0, 19), s.storeState(), s.paymentMethod(), s.currency(), lines);
            case 2 -> with(s, s.saleId(), s.soldAt(), "XX", s.paymentMethod(), s.currency(), lines);
            case 3 -> with(s, s.saleId(), s.soldAt(), s.storeState(), "cheque", s.currency(), lines);
            case 4 -> with(s, s.saleId(), s.soldAt(), s.storeState(), s.paymentMethod(), "REAL", lines);
            case 5 -> with(s, s.saleId(), s.soldAt(), s.storeState(), s.paymentMethod(), s.currency(), List.of());
            case 6 -> with(s, s.saleId(), s.soldAt(), s.storeState(), s.paymentMethod(), s.currency(), mapFirst(lines, l ->
                    new RawSaleLine(l.lineNo(), l.sku(), l.productName(), l.category(), "-" + l.quantity(), l.unitPrice(), l.discount(), l.netAmount())));
            default -> with(s, s.saleId(), s.soldAt(), s.storeState(), s.paymentMethod(), s.currency(), mapFirst(lines, l ->
                    new RawSaleLine(l.lineNo(), l.sku(), l.productName(), l.category(), l.quantity(), "R$ " + l.unitPrice(), l.discount(), l.netAmount())));
        };
    }

    private static List<RawSaleLine> mapFirst(List<RawSaleLine> lines, java.util.function.UnaryOperator<RawSaleLine> f) {
        if (lines.isEmpty()) {
            return lines;
        }
        List<RawSaleLine> copy = new ArrayList<>(lines);
        copy.set(0, f.apply(copy.get(0)));
        return copy;
    }

    private static RawSale with(RawSale s, String saleId, String soldAt, String state, String payment, String currency,
                                List<RawSaleLine> lines) {
        return new RawSale(saleId, soldAt, s.storeId(), s.storeName(), s.storeCity(), state, s.channel(), s.customerId(),
                s.customerName(), s.customerDocument(), payment, currency, s.status(), lines, s.source(), s.origin(), null, null);
    }

    /** Revenue the warehouse must show for this sale: the exact sum of net amounts of a completed sale. */
    private static Money revenueOf(RawSale s) {
        if (!"COMPLETED".equals(s.status())) { // the only spelling of completed the generator writes
            return Money.ZERO;
        }
        Money total = Money.ZERO;
        for (RawSaleLine l : s.lines()) {
            total = total.plus(Money.parse(l.netAmount()));
        }
        return total;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

}

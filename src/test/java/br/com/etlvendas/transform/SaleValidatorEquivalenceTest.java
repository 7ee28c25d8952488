package br.com.etlvendas.transform;

import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the validator's hand-written checks against what they replaced: the regular expressions, the
 * country list searched per call and {@link DateTimeFormatter#ISO_DATE_TIME} for every date-time.
 */
class SaleValidatorEquivalenceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-02T12:00:00Z"), ZoneOffset.UTC);

    private final SaleValidator validator = new SaleValidator(CLOCK);
    private final Random random = new Random(17);

    private static RawSale sale(String saleId, String soldAt, String country, String document) {
        return new RawSale(saleId, soldAt, "LJ-01", null, null, "SP", country, "loja", null, null, document, "pix",
                "BRL", null, List.of(new RawSaleLine("1", "SKU", null, null, "1", "5.00", null, null)), "test", null,
                null, null);
    }

    private List<String> reasonsAbout(RawSale raw, String field) {
        Validation v = validator.validate(raw);
        return v instanceof Validation.Invalid invalid
                ? invalid.reasons().stream().filter(r -> r.startsWith(field + ":")).toList() : List.of();
    }

    private String draw(String alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    // ---- sale_id -------------------------------------------------------------------------------------

    @Test
    void shouldCheckSaleIdsExactlyAsTheCharacterClassPatternDid() {
        String alphabet = "aZ09._:/#-+ \t;éß\u00A0\u0000[]\\^";
        for (int i = 0; i < 20_000; i++) {
            // given
            String id = i % 2 == 0 ? draw(alphabet, 70) : "S-" + draw("Ab9.-_#", 66);
            String trimmed = id.strip();
            boolean patternRefuses = !trimmed.isEmpty()
                    && (trimmed.length() > 64 || !trimmed.matches("[A-Za-z0-9._:/#-]+"));

            // when
            List<String> reasons = reasonsAbout(sale(id, "2024-03-01T14:30:00Z", null, null), "sale_id");

            // then
            List<String> charsetReasons = reasons.stream().filter(r -> r.startsWith("sale_id: must be")).toList();
            assertThat(charsetReasons).as("'%s'", id).isEqualTo(patternRefuses
                    ? List.of("sale_id: must be 1-64 letters, digits or . _ : / # - (got '" + trimmed + "')") : List.of());
        }
    }

    // ---- store_country -------------------------------------------------------------------------------

    @Test
    void shouldAcceptExactlyTheIsoCountryCodesInAnyCase() {
        // given every pair of letters in both cases, and a few other shapes
        List<String> codes = new ArrayList<>(List.of("B", "BRA", " br ", "b r", "1A", "é", "ÁB"));
        for (char a = 'A'; a <= 'Z'; a++) {
            for (char b = 'A'; b <= 'Z'; b++) {
                codes.add("" + a + b);
                codes.add(("" + a + b).toLowerCase(Locale.ROOT));
            }
        }
        List<String> isoCountries = Arrays.asList(Locale.getISOCountries());
        for (String code : codes) {
            String upper = code.strip().toUpperCase(Locale.ROOT);
            boolean listed = upper.length() == 2 && isoCountries.contains(upper);

            // when
            List<String> reasons = reasonsAbout(sale("S-1", "2024-03-01T14:30:00Z", code, null), "store_country");

            // then
            assertThat(reasons).as(code).isEqualTo(listed ? List.of() : List.of("store_country: '" + code.strip()
                    + "' is not an ISO 3166 two-letter country code such as BR"));
        }
    }

    // ---- customer_document ---------------------------------------------------------------------------

    /**
     * The document check as first written: separators removed by a regular expression, digits matched by another
     * (and, since the alphanumeric CNPJ, letters A-Z in any case in a CNPJ's first 12 characters).
     */
    private static String regexDocumentDigits(String text) {
        String digits = text.replaceAll("[.\\-/\\s]", "").toUpperCase(Locale.ROOT);
        boolean cpf = digits.matches("\\d{11}") && digits.chars().distinct().count() != 1 && CpfCnpj.validCpf(digits);
        boolean cnpj = digits.matches("[0-9A-Z]{12}\\d{2}") && digits.chars().distinct().count() != 1 && CpfCnpj.validCnpj(digits);
        return cpf || cnpj ? digits : null;
    }

    @Test
    void shouldReadDocumentsExactlyAsTheRegularExpressionsDid() {
        // given valid and invalid documents written with every kind of separator
        List<String> seeds = List.of("52998224725", "11222333000181", "11111111111", "00000000000000", "52998224724",
                "11222333000182", "1234", "529982247250", "112223330001810");
        String separators = ".-/ \t\n\u000B\f\r\u00A0\u2003_a١";
        int valid = 0;
        for (int i = 0; i < 50_000; i++) {
            String seed = i % 5 == 0 ? draw("0123456789", 15) : seeds.get(random.nextInt(seeds.size()));
            StringBuilder text = new StringBuilder();
            for (char c : seed.toCharArray()) {
                if (random.nextInt(4) == 0) {
                    text.append(separators.charAt(random.nextInt(random.nextInt(10) == 0 ? separators.length() : 9)));
                }
                text.append(c);
            }
            String document = text.toString();

            // when
            String digits = CpfCnpj.digitsOfValid(document);

            // then
            assertThat(digits).as("'%s'", document).isEqualTo(regexDocumentDigits(document));
            valid += digits == null ? 0 : 1;
        }
        assertThat(valid).as("valid documents among the samples").isGreaterThan(5_000);
    }

    @Test
    void shouldReportTheDocumentAsWrittenWhenItIsNotACpfOrCnpj() {
        // given
        String document = " 529.982.247\u00A025 ";

        // when
        List<String> reasons = reasonsAbout(sale("S-1", "2024-03-01T14:30:00Z", null, document), "customer_document");

        // then
        assertThat(reasons).containsExactly("customer_document: '" + document + "' is not a valid CPF or CNPJ");
    }

    // ---- sold_at -------------------------------------------------------------------------------------

    /** The sold_at check as first written, with the general ISO parser only. */
    private static List<String> isoParserReasons(String text) {
        String value = text.strip();
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(value, OffsetDateTime::from,
                    LocalDateTime::from);
            if (!(parsed instanceof OffsetDateTime at)) {
                return List.of("sold_at: '" + value + "' has no UTC offset; the source's time zone must be configured");
            }
            if (at.toInstant().isAfter(CLOCK.instant().plus(Duration.ofDays(1)))) {
                return List.of("sold_at: '" + value + "' is more than a day in the future");
            }
            return List.of();
        } catch (DateTimeParseException e) {
            return List.of("sold_at: '" + value + "' is not an ISO-8601 date-time such as 2024-03-01T14:30:00-03:00");
        }
    }

    /** Date-times in the common form, most of them valid, with out-of-range fields, other forms and corruptions. */
    private String dateTime() {
        boolean plausible = random.nextInt(3) > 0;
        StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d",
                plausible ? 2016 + random.nextInt(9) : random.nextInt(10_000),
                plausible ? 1 + random.nextInt(12) : random.nextInt(14),
                plausible ? 1 + random.nextInt(31) : random.nextInt(33),
                plausible ? random.nextInt(24) : random.nextInt(26),
                plausible ? random.nextInt(60) : random.nextInt(62),
                plausible ? random.nextInt(60) : random.nextInt(62)));
        if (random.nextBoolean()) {
            text.append('.').append(draw("0123456789", random.nextInt(5) == 0 ? 12 : 9));
        }
        switch (random.nextInt(6)) {
            case 0 -> text.append('Z');
            case 1 -> text.append(random.nextBoolean() ? "" : "z");
            case 2 -> text.append(String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", 17 + random.nextInt(3),
                    random.nextInt(3) * 30));
            default -> text.append(String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-",
                    random.nextInt(plausible ? 15 : 25), plausible ? random.nextInt(4) * 15 : random.nextInt(62)));
        }
        if (random.nextInt(8) == 0) {
            int at = random.nextInt(text.length());
            text.setCharAt(at, "0-T:.+Zt 9١".charAt(random.nextInt(11)));
        }
        if (random.nextInt(20) == 0) {
            text.append(random.nextBoolean() ? "[America/Sao_Paulo]" : ":00");
        }
        return text.toString();
    }

    @Test
    void shouldReadTheCommonDateTimeFormExactlyAsTheIsoParserDoes() {
        List<String> edges = List.of("2024-02-29T10:00:00Z", "2023-02-29T10:00:00Z", "2000-02-29T00:00:00Z",
                "1900-02-29T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999+18:00",
                "2024-03-01T14:30:00+18:00", "2024-03-01T14:30:00-18:00", "2024-03-01T14:30:00+18:01",
                "2024-03-01T14:30:00-00:00", "2024-03-01T14:30:00+00:00", "2024-03-01T14:30:00.Z",
                "2024-03-01T14:30:00.1234567890Z", "2024-03-01T24:00:00Z", "2024-03-01T23:59:60Z", "2024-03-01t14:30:00Z",
                "2024-03-01T14:30:00z", "2024-03-01T14:30Z", "2024-03-01T14:30:00+0300", "2024-03-01T14:30:00+03",
                "2024-03-01T14:30:00+03:00:00", "+2024-03-01T14:30:00Z", "2024-3-01T14:30:00Z", "2024-03-01 14:30:00Z",
                "2024-03-01T14:30:00-03:00", "2024-03-01T14:30:00.5-03:00");
        List<String> values = new ArrayList<>(edges);
        for (int i = 0; i < 30_000; i++) {
            values.add(dateTime());
        }
        int readPlainly = 0;
        for (String value : values) {
            // when
            OffsetDateTime plain = SaleValidator.plainOffsetDateTime(value);

            // then: whatever the fast path reads, the ISO parser reads the same; what it leaves, it leaves to the parser
            if (plain != null) {
                readPlainly++;
                assertThat(DateTimeFormatter.ISO_DATE_TIME.parseBest(value, OffsetDateTime::from, LocalDateTime::from))
                        .as(value).isEqualTo(plain);
            }
            assertThat(reasonsAbout(sale("S-1", value, null, null), "sold_at")).as(value)
                    .isEqualTo(isoParserReasons(value));
        }
        assertThat(readPlainly).as("values the fast path read").isGreaterThan(12_000);
    }
}

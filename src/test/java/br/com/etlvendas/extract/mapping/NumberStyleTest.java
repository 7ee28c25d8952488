package br.com.etlvendas.extract.mapping;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class NumberStyleTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.234,56       | 1234.56",
            "1234,56        | 1234.56",
            "'  -1.234.567,8900 ' | -1234567.8900",
            "0,1            | 0.1",
            ",5             | 0.5",
            "12             | 12",
            "999.999        | 999999"})
    void shouldReadBrazilianNumbersKeepingEveryDigit(String text, String expected) {
        assertThat(NumberStyle.brazilian().parse(text)).map(BigDecimal::toPlainString).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12,3,4", "1.5", "1.2.3", "1.2345", "12.34,5", "1,234.56", "R$ 5", "1e5", "+5", "5-",
            "- 5", "5,", "-", "1 234", "١٢"})
    void shouldRefuseWhatIsNotUnambiguouslyABrazilianNumber(String text) {
        assertThat(NumberStyle.brazilian().parse(text)).as("'%s'", text).isEmpty();
    }

    @Test
    void shouldReadEnglishAndUngroupedAndSpaceGroupedNumbers() {
        assertThat(NumberStyle.english().parse("2,297,200.8603")).contains(new BigDecimal("2297200.8603"));
        assertThat(NumberStyle.english().parse("1.234,56")).isEmpty();
        assertThat(new NumberStyle('.', "").parse("1,234")).isEmpty();
        assertThat(new NumberStyle(',', " \u00A0").parse("1\u00A0234 567,5")).contains(new BigDecimal("1234567.5"));
    }

    @Test
    void shouldWriteItsStyleOutForMessages() {
        assertThat(NumberStyle.brazilian().example()).isEqualTo("1.234,56");
        assertThat(NumberStyle.english().example()).isEqualTo("1,234.56");
        assertThat(new NumberStyle(',', "").example()).isEqualTo("1234,56");
    }

    @Test
    void shouldGiveTheSameCanonicalTextOnTheFastPathAsTheFullParse() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "0123456789-.,  ";
        for (NumberStyle style : java.util.List.of(NumberStyle.english(), NumberStyle.brazilian(), new NumberStyle(',', ""))) {
            java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of("0", "-0", "-0.00", "007", "0.5",
                    "-12.340", "1.", ".5", "-", "", "10,50", "1.234,56", "1,234.56", "12", "-7", "3,0"));
            for (int i = 0; i < 20_000; i++) {
                StringBuilder t = new StringBuilder();
                int length = 1 + random.nextInt(7);
                for (int k = 0; k < length; k++) {
                    t.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                texts.add(t.toString());
            }
            int fast = 0;
            for (String text : texts) {
                String plain = style.plainCanonical(text);
                if (plain != null) {
                    fast++;
                    assertThat(style.parse(text)).as("'%s' in %s", text, style).isPresent();
                    assertThat(plain).as("'%s' in %s", text, style).isEqualTo(style.parse(text).get().toPlainString());
                }
            }
            assertThat(fast).as("texts taking the fast path in %s", style).isGreaterThan(1000);
        }
    }
}

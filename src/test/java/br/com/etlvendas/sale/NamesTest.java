package br.com.etlvendas.sale;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    /** The canonical form as it was first written, with Unicode decomposition and regular expressions: the oracle. */
    private static String decomposedCanonical(String text) {
        String plain = Normalizer.normalize(text.trim(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    private static final List<String> WORDS = List.of("Cartão de Crédito", "cartão de crédito", "CARTÃO DE DÉBITO",
            "Cartao_Credito", "Loja Física", "LOJA FÍSICA", "loja_fisica", "E-commerce", "e_commerce", " E-Commerce ",
            "Loja Virtual", "loja  virtual", "Concluída", "CONCLUÍDO", "concluida", "Cancelada", "Devolvido", "Espécie",
            "vale-presente", "Vale Presente", "Boleto Bancário", "Débito", "Crédito", "PIX", "pix", "Pix", "App",
            "aplicativo", "Telefone", "tele-vendas", "PDV", "pos", "__loja__", "_loja", "loja_", "-loja-", "loja--fisica",
            "loja__fisica", "", " ", "_", "__", "-", "\t\n", "\u00A0loja\u00A0", "loja\u2003virtual", "e\u0301",
            "Cre\u0301dito", "ÆØÅ æøå ß ÐÞ ðþ", "×÷", "µ ª º ² ¹ ¼", "İstanbul", "ıi", "ΣΑΣ", "Ǆ", "ﬁ", "\uFF21PP",
            "K", "Å", "loja\uD83D\uDED2", "\uD800", "a\u0000b", "123", "cartao 2", "0", "9_9");

    @Test
    void shouldGiveTheSameCanonicalFormAsUnicodeDecompositionForKnownWords() {
        for (String word : WORDS) {
            assertThat(Names.canonical(word)).as(codePoints(word)).isEqualTo(decomposedCanonical(word));
        }
    }

    @Test
    void shouldFoldEveryLatin1CharacterAloneAndBetweenLettersAsUnicodeDecompositionDoes() {
        for (char c = 0; c <= 0xFF; c++) {
            for (String text : List.of(String.valueOf(c), "a" + c + "b", c + "x" + c, "" + c + c)) {
                assertThat(Names.canonical(text)).as(codePoints(text)).isEqualTo(decomposedCanonical(text));
            }
        }
    }

    @Test
    void shouldGiveTheSameCanonicalFormAsUnicodeDecompositionForRandomText() {
        // given text drawn mostly from Latin-1, with marks, other scripts and surrogates mixed in
        Random random = new Random(11);
        String others = "\u0301\u0327\u0303İıΣσςǄﬁＡ\u2003\u200B\u212AÅŒœ";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(16);
            boolean latin1Only = random.nextBoolean();
            for (int k = 0; k < length; k++) {
                switch (latin1Only ? random.nextInt(3) : random.nextInt(5)) {
                    case 0 -> text.append("aZ_ -09".charAt(random.nextInt(7)));
                    case 1 -> text.append((char) random.nextInt(0x80));
                    case 2 -> text.append((char) (0x80 + random.nextInt(0x80)));
                    case 3 -> text.append(others.charAt(random.nextInt(others.length())));
                    default -> text.appendCodePoint(random.nextBoolean() ? 0x1F6D2 : 0xD800 + random.nextInt(0x800));
                }
            }
            String t = text.toString();

            // when / then
            assertThat(Names.canonical(t)).as(codePoints(t)).isEqualTo(decomposedCanonical(t));
        }
    }

    @Test
    void shouldReturnTextThatIsAlreadyCanonicalAsItIs() {
        for (String text : List.of("pix", "ecommerce", "loja_fisica", "cartao_de_credito", "9_9", "")) {
            assertThat(Names.canonical(text)).isSameAs(text);
        }
    }

    @Test
    void shouldParseEveryEnumFromAnyTextAsItsOldCanonicalFormDid() {
        // given every synonym in several spellings, and random text
        List<String> inputs = new ArrayList<>(WORDS);
        for (Enum<?>[] values : List.<Enum<?>[]>of(Channel.values(), PaymentMethod.values(), SaleStatus.values())) {
            for (Enum<?> value : values) {
                String name = value.name();
                inputs.addAll(List.of(name, name.toLowerCase(Locale.ROOT), name.replace('_', ' '), name.replace('_', '-'),
                        " " + name + " ", "_" + name, name + "__"));
            }
        }

        // when / then: parsing the text gives what parsing its decomposed canonical form gives
        for (String text : inputs) {
            String oracle = decomposedCanonical(text);
            assertSameParse(text, oracle, Channel::parse);
            assertSameParse(text, oracle, PaymentMethod::parse);
            assertSameParse(text, oracle, SaleStatus::parse);
        }
    }

    @Test
    void shouldParsePortugueseNamesWithAccentsCaseSpacesAndHyphens() {
        assertThat(PaymentMethod.parse("Cartão de Crédito")).contains(PaymentMethod.CREDIT_CARD);
        assertThat(PaymentMethod.parse("CARTAO-DEBITO")).contains(PaymentMethod.DEBIT_CARD);
        assertThat(PaymentMethod.parse("Espécie")).contains(PaymentMethod.CASH);
        assertThat(Channel.parse("Loja Física")).contains(Channel.STORE);
        assertThat(Channel.parse(" E-Commerce ")).contains(Channel.ECOMMERCE);
        assertThat(Channel.parse("LOJA_VIRTUAL")).contains(Channel.ECOMMERCE);
        assertThat(SaleStatus.parse("Concluída")).contains(SaleStatus.COMPLETED);
        assertThat(SaleStatus.parse("conclui\u0301da")).contains(SaleStatus.COMPLETED);
        assertThat(SaleStatus.parse("lost")).isEmpty();
        assertThat(SaleStatus.parse(null)).isEmpty();
    }

    private static <E> void assertSameParse(String text, String canonical, Function<String, Optional<E>> parse) {
        assertThat(parse.apply(text)).as(codePoints(text)).isEqualTo(parse.apply(canonical));
    }

    private static String codePoints(String text) {
        return "'" + text + "' " + text.codePoints().mapToObj(Integer::toHexString).toList();
    }
}

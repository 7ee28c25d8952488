package br.com.etlvendas.transform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpfCnpjTest {

    @Test
    void shouldAcceptTheReceitaFederalsPublishedAlphanumericCnpj() {
        // given the Receita Federal's example: 12ABC34501DE, check digits 3 (sum 459, 459 % 11 = 8, 11 - 8) and 5
        String published = "12.ABC.345/01DE-35";

        // when
        String read = CpfCnpj.digitsOfValid(published);

        // then
        assertThat(read).isEqualTo("12ABC34501DE35");
    }

    @Test
    void shouldAcceptAlphanumericCnpjWrittenInLowerCaseAsUpperCase() {
        // given ABCDEFGHIJKL: letters weigh 17..28, check digits 8 and 0
        assertThat(CpfCnpj.digitsOfValid("ab.cde.fgh/ijkl-80")).isEqualTo("ABCDEFGHIJKL80");
    }

    @Test
    void shouldRefuseAlphanumericCnpjWithAWrongCheckDigitOrALetterWhereADigitMustBe() {
        assertThat(CpfCnpj.digitsOfValid("12.ABC.345/01DE-36")).isNull();
        assertThat(CpfCnpj.digitsOfValid("12.ABC.345/01DE-3A")).isNull();
        assertThat(CpfCnpj.digitsOfValid("12.ABC.345/01DF-35")).isNull();
        assertThat(CpfCnpj.validCnpj("12ABC34501DE3Z")).isFalse();
    }

    @Test
    void shouldStillAcceptNumericCnpjAndCpfAndRefuseLettersInACpf() {
        assertThat(CpfCnpj.digitsOfValid("11.222.333/0001-81")).isEqualTo("11222333000181");
        assertThat(CpfCnpj.digitsOfValid("529.982.247-25")).isEqualTo("52998224725");
        assertThat(CpfCnpj.digitsOfValid("529.982.24A-25")).isNull();
        assertThat(CpfCnpj.digitsOfValid("AAAAAAAAAAAAAA")).isNull();
    }
}

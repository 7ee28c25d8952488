package br.com.etlvendas.sale;

import java.util.Map;
import java.util.Optional;

/** How a sale was paid. Parsing accepts the Portuguese and English names sources use. */
public enum PaymentMethod {
    PIX, CREDIT_CARD, DEBIT_CARD, BOLETO, CASH, VOUCHER;

    private static final Map<String, PaymentMethod> SYNONYMS = Map.ofEntries(
            Map.entry("pix", PIX),
            Map.entry("credit_card", CREDIT_CARD), Map.entry("credit", CREDIT_CARD), Map.entry("credito", CREDIT_CARD),
            Map.entry("cartao_de_credito", CREDIT_CARD), Map.entry("cartao_credito", CREDIT_CARD),
            Map.entry("debit_card", DEBIT_CARD), Map.entry("debit", DEBIT_CARD), Map.entry("debito", DEBIT_CARD),
            Map.entry("cartao_de_debito", DEBIT_CARD), Map.entry("cartao_debito", DEBIT_CARD),
            Map.entry("boleto", BOLETO), Map.entry("boleto_bancario", BOLETO),
            Map.entry("cash", CASH), Map.entry("dinheiro", CASH), Map.entry("especie", CASH),
            Map.entry("voucher", VOUCHER), Map.entry("vale", VOUCHER), Map.entry("vale_presente", VOUCHER));

    public static Optional<PaymentMethod> parse(String text) {
        return Names.lookUp(text, SYNONYMS);
    }
}

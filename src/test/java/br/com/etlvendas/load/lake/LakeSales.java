package br.com.etlvendas.load.lake;

import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Sales for the lake's tests: lines with 2- and 4-place amounts, dates spread over a few days. */
final class LakeSales {

    private LakeSales() {
    }

    static Sale sale(String id, OffsetDateTime soldAt, SaleLine... lines) {
        return new Sale(id, soldAt, new Store("LJ-01", "Loja Centro", "São Paulo", "SP"), Channel.STORE,
                new Customer("C-9", "Maria da Silva", "52998224725"), PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED,
                List.of(lines), "test:lake");
    }

    static SaleLine line(int no, String qty, String price, String net) {
        return new SaleLine(no, "SKU-" + no, "Produto \"" + no + "\"", "Mercearia", new BigDecimal(qty),
                Money.parse(price), Money.parse("0"), Money.parse(net), Map.of("frete", "12,50"));
    }

    /** Sale number {@code i}: one to three lines, on one of three days at -03:00, amounts with 2 or 4 places. */
    static Sale numbered(int i) {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-28T10:15:00-03:00").plusDays(i % 3).plusMinutes(i);
        int lines = 1 + i % 3;
        SaleLine[] ls = new SaleLine[lines];
        for (int n = 1; n <= lines; n++) {
            String price = n % 2 == 0 ? "19.9975" : "7.50";
            BigDecimal qty = BigDecimal.valueOf(n);
            ls[n - 1] = line(n, qty.toPlainString(), price, new BigDecimal(price).multiply(qty).toPlainString());
        }
        return sale("V-" + i, at, ls);
    }
}

package br.com.etlvendas.transform.step;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each built-in step on its own, and the config problems start-up lists for bad steps. */
class TransformationChainTest {

    @TempDir
    Path dir;

    private static SaleLine line(int no, String net, Map<String, String> attributes) {
        return new SaleLine(no, "SKU-" + no, "Produto", "Mercearia", BigDecimal.ONE, Money.parse(net), Money.ZERO,
                Money.parse(net), attributes);
    }

    private static Sale sale(String document, SaleLine... lines) {
        return new Sale("S-1", OffsetDateTime.parse("2026-07-01T10:00:00-03:00"), new Store("LJ-01", "Loja", "Campinas", "SP"),
                Channel.STORE, new Customer("C-1", "Ana Souza", document), PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED,
                List.of(lines), "erp");
    }

    private TransformationChain chain(String steps) {
        return TransformationChain.build(TransformationConfigs.load(dir, "transformations:\n" + steps, Map.of("PII_SALT", "s3cr3t")));
    }

    private List<String> problems(String steps) {
        ConfigException e = catchThrowableOfType(() -> chain(steps), ConfigException.class);
        assertThat(e).as("a ConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void shouldCompareNumbersByValueAndTimesByInstant() {
        TransformationChain over = chain("""
                  - type: filter
                    field: net_amount
                    operator: gt
                    value: "10"
                """);
        assertThat(over.apply(sale(null, line(1, "10.00", null), line(2, "10.01", null))).lines())
                .extracting(SaleLine::lineNo).containsExactly(2);
        TransformationChain since = chain("""
                  - type: filter
                    field: sold_at
                    operator: ge
                    value: "2026-07-01T13:00:00Z"
                """);
        assertThat(since.apply(sale(null, line(1, "1", null)))).isNotNull();
    }

    @Test
    void shouldTreatAMissingAttributeAsBlankAndFailOnANonNumericOneInANumericComparison() {
        TransformationChain blank = chain("""
                  - type: filter
                    field: attributes.cupom
                    operator: is-blank
                """);
        assertThat(blank.apply(sale(null, line(1, "1", null)))).isNotNull();
        assertThat(blank.apply(sale(null, line(1, "1", Map.of("cupom", "X10"))))).isNull();
        TransformationChain numeric = chain("""
                  - type: filter
                    field: attributes.profit
                    operator: lt
                    value: "0"
                """);
        assertThatThrownBy(() -> numeric.apply(sale(null, line(1, "1", Map.of("profit", "n/a")))))
                .isInstanceOf(StepFailedException.class).hasMessageContaining("'n/a' is not a number");
    }

    @Test
    void shouldMaskNumericAndAlphanumericDocumentsPhonesAndHashJoinably() {
        TransformationChain chain = chain("""
                  - type: mask
                    field: customer_document
                    keep: 2
                  - type: mask
                    field: attributes.phone
                    keep: 4
                  - type: mask
                    field: customer_id
                    style: hash
                    salt: ${PII_SALT}
                """);
        Sale numeric = chain.apply(sale("52998224725", line(1, "1", Map.of("phone", "(11) 98765-4321"))));
        Sale alpha = chain.apply(sale("12ABC34501DE35", line(1, "1", null)));
        assertThat(numeric.customer().document()).isEqualTo("*********25");
        assertThat(alpha.customer().document()).isEqualTo("************35");
        assertThat(numeric.lines().get(0).attributes()).containsEntry("phone", "*******4321");
        assertThat(numeric.customer().customerId()).hasSize(32).isEqualTo(alpha.customer().customerId()).isNotEqualTo("C-1");
    }

    @Test
    void shouldSetAndClearFieldsAndLeaveAnUnchangedSaleAsTheSameInstance() {
        TransformationChain chain = chain("""
                  - type: set
                    field: channel
                    value: e-commerce
                  - type: set
                    field: customer_name
                    value: ""
                """);
        Sale out = chain.apply(sale(null, line(1, "1", null)));
        assertThat(out.channel()).isEqualTo(Channel.ECOMMERCE);
        assertThat(out.customer().name()).isNull();
        Sale already = new Sale("S-1", out.soldAt(), out.store(), Channel.ECOMMERCE, new Customer("C-1", null, null),
                PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED, out.lines(), "erp");
        assertThat(chain.apply(already)).isSameAs(already);
    }

    @Test
    void shouldListEveryProblemOfEveryStepTogether() {
        List<String> problems = problems("""
                  - type: filter
                    field: chanel
                    operator: equals
                    value: loja
                  - type: filter
                    field: channel
                    operator: like
                    value: loja
                  - type: filter
                    field: store_city
                    operator: gt
                    value: "3"
                  - type: set
                    field: net_amount
                    value: "0"
                  - type: mask
                    field: store_city
                  - type: custom
                    class: com.example.Missing
                  - type: custom
                    class: java.lang.String
                  - type: custom
                    class: br.com.etlvendas.transform.step.FailingStep
                  - type: explode
                """);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[0].field: unknown field 'chanel'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[1].operator: must be one of"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[2].operator: gt compares numbers or times"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[3].field: net_amount cannot be set"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[4].field: store_city is not a personal field"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[5].class: class com.example.Missing cannot be loaded"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[6].class: java.lang.String does not implement"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[7].config: br.com.etlvendas.transform.step.FailingStep "
                + "refused its settings: IllegalArgumentException: fail-for-sale is required"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[8].type: must be one of"));
    }

    @Test
    void shouldRequireASecretSaltFromTheEnvironmentForHashMasks() {
        List<String> problems = catchThrowableOfType(() -> TransformationConfigs.load(dir, """
                transformations:
                  - type: mask
                    field: customer_id
                    style: hash
                    salt: plain-text-salt
                """, Map.of()), ConfigException.class).problems().stream().map(ConfigProblem::toString).toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("transformations[0].salt: is a secret"));
    }

    @Test
    void shouldBuildNoChainAtAllWhenNothingIsConfigured() {
        assertThat(TransformationChain.build(TransformationConfigs.load(dir, "pipeline: {}\n", Map.of()))).isSameAs(TransformationChain.none());
    }
}

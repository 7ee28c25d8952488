package br.com.etlvendas.sale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An exact amount of money in the sale's currency. Built only from {@link BigDecimal} or decimal text,
 * never from a floating-point number, and it keeps the precision the source gave (4 places occur).
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

    public static final Money ZERO = new Money(BigDecimal.ZERO.setScale(2));

    public Money {
        Objects.requireNonNull(amount, "amount");
    }

    @JsonCreator
    public static Money of(BigDecimal amount) {
        return new Money(amount);
    }

    /** Parses canonical decimal text such as {@code 1234.56}; throws {@link NumberFormatException} otherwise. */
    public static Money parse(String text) {
        return new Money(new BigDecimal(text.trim()));
    }

    @JsonValue
    public BigDecimal amount() {
        return amount;
    }

    public Money plus(Money other) {
        return new Money(amount.add(other.amount));
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(other.amount));
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor));
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /** At least two decimal places, more when the source gave more; trailing zeros beyond two removed. */
    public Money normalized() {
        BigDecimal stripped = amount.stripTrailingZeros();
        return new Money(stripped.scale() < 2 ? stripped.setScale(2) : stripped);
    }

    @Override
    public int compareTo(Money o) {
        return amount.compareTo(o.amount);
    }

    /** Equal in value whatever the scale: 10.5 equals 10.50. */
    public boolean sameAmountAs(Money o) {
        return compareTo(o) == 0;
    }

    @Override
    public String toString() {
        return amount.toPlainString();
    }
}

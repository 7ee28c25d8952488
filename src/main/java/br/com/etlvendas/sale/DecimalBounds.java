package br.com.etlvendas.sale;

import java.math.BigDecimal;

/**
 * The largest quantities and amounts a sale may carry. Short text can stand for a huge number ({@code 1e999999999}
 * is a billion digits once written out plain, as the warehouse, a report or an error message would), so sources
 * and validation count digits, not characters, before writing a number out.
 */
public final class DecimalBounds {

    /** Most digits before the decimal point: a quintillion less one, far above any real quantity or amount. */
    public static final int MAX_INTEGER_DIGITS = 18;
    /**
     * Most digits after the decimal point (trailing zeros aside): prices with 4 places occur, weights with 3, and a
     * JSON source may send a value exact to 18 places; every one of them is kept.
     */
    public static final int MAX_FRACTION_DIGITS = 20;

    private DecimalBounds() {
    }

    /** Whether the number has at most {@link #MAX_INTEGER_DIGITS} and {@link #MAX_FRACTION_DIGITS} digits. */
    public static boolean fits(BigDecimal n) {
        if (n.scale() > MAX_FRACTION_DIGITS) {
            BigDecimal stripped = n.stripTrailingZeros();
            if (stripped.scale() > MAX_FRACTION_DIGITS) {
                return false;
            }
            n = stripped;
        }
        return (long) n.precision() - n.scale() <= MAX_INTEGER_DIGITS;
    }

    /** The bounds in words, for reasons. */
    public static String describe() {
        return "at most " + MAX_INTEGER_DIGITS + " digits before the decimal point and " + MAX_FRACTION_DIGITS + " after it";
    }
}

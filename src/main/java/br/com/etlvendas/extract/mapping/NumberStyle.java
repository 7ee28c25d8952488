package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.config.ConfigReader;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * How a source writes numbers: its decimal separator and the characters it groups thousands with. Parsing
 * keeps every digit (no rounding, no floating point) and refuses anything it cannot read unambiguously:
 * when grouping separators are present they must split the integer part into groups of three, so that a
 * {@code 1.5} in a file declared as {@code 1.234,56} is rejected instead of being read as fifteen.
 *
 * @param decimalSeparator   '.' or ','
 * @param groupingSeparators characters accepted between groups of thousands; empty when the source never groups
 */
public record NumberStyle(char decimalSeparator, String groupingSeparators) {

    /** Spaces that exports put between thousands: plain, no-break and narrow no-break. */
    private static final String SPACES = " \u00A0\u202F";

    /** Numbers such as {@code 1,234.56}. */
    public static NumberStyle english() {
        return new NumberStyle('.', ",");
    }

    /** Numbers such as {@code 1.234,56}, as Brazilian exports write them. */
    public static NumberStyle brazilian() {
        return new NumberStyle(',', ".");
    }

    static NumberStyle from(ConfigReader numbers) {
        String decimal = numbers.oneOf("decimal-separator", ".", List.of(".", ","),
                "decimal separator of numbers in the file: '.' (1,234.56) or ',' (1.234,56)");
        String derived = decimal.equals(".") ? "," : ".";
        String grouping = numbers.oneOf("grouping-separator", derived, List.of(",", ".", "'", "space", "none"),
                "thousands separator: ',', '.', \"'\", space or none; by default ',' when decimals use '.' and '.' when they use ','");
        if (grouping.equals(decimal)) {
            numbers.problem(numbers.pathOf("grouping-separator"),
                    "must differ from decimal-separator, both are '" + decimal + "'");
            grouping = derived;
        }
        String groupingChars = switch (grouping) {
            case "none" -> "";
            case "space" -> SPACES;
            default -> grouping;
        };
        return new NumberStyle(decimal.charAt(0), groupingChars);
    }

    /**
     * The canonical text of a number written plainly, the way most exports write them ({@code 1234.50},
     * {@code -3}, {@code 10,5} with a decimal comma): optional minus, digits without leading zeros or grouping,
     * optionally the decimal separator and digits. Null for anything else, which {@link #parse} then decides;
     * it answers the same text for these, only much cheaper, and runs for every number of every row.
     */
    String plainCanonical(String text) {
        int n = text.length();
        int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
        int integerStart = i;
        boolean nonZero = false;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            nonZero |= text.charAt(i) != '0';
            i++;
        }
        int integerDigits = i - integerStart;
        if (integerDigits == 0 || integerDigits > 1 && text.charAt(integerStart) == '0') {
            return null;
        }
        if (i < n) {
            if (text.charAt(i) != decimalSeparator || i == n - 1) {
                return null;
            }
            for (int k = i + 1; k < n; k++) {
                char c = text.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                nonZero |= c != '0';
            }
        }
        if (integerStart == 1 && !nonZero) {
            return null; // minus zero: parse drops the sign
        }
        return decimalSeparator == '.' || i == n ? text : text.replace(decimalSeparator, '.');
    }

    /** The number the text stands for; empty when it is not a number in this style. */
    public Optional<BigDecimal> parse(String text) {
        String t = text.strip();
        boolean negative = t.startsWith("-");
        String body = negative ? t.substring(1) : t;
        int point = body.indexOf(decimalSeparator);
        if (point != body.lastIndexOf(decimalSeparator)) {
            return Optional.empty();
        }
        String integer = point < 0 ? body : body.substring(0, point);
        String fraction = point < 0 ? "" : body.substring(point + 1);
        if (point >= 0 && !digits(fraction) || integer.isEmpty() && fraction.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> integerDigits = integerDigits(integer);
        if (integerDigits.isEmpty()) {
            return Optional.empty();
        }
        String canonical = (negative ? "-" : "") + (integerDigits.get().isEmpty() ? "0" : integerDigits.get())
                + (fraction.isEmpty() ? "" : "." + fraction);
        return Optional.of(new BigDecimal(canonical));
    }

    /** This style written out, for messages: {@code 1.234,56}. */
    public String example() {
        String group = groupingSeparators.isEmpty() ? ""
                : SPACES.indexOf(groupingSeparators.charAt(0)) >= 0 ? " " : groupingSeparators.substring(0, 1);
        return "1" + group + "234" + decimalSeparator + "56";
    }

    /** The integer part without its grouping separators, which must sit between groups of three digits. */
    private Optional<String> integerDigits(String integer) {
        StringBuilder out = new StringBuilder();
        int groupLength = 0;
        boolean grouped = false;
        for (int i = 0; i < integer.length(); i++) {
            char c = integer.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
                groupLength++;
            } else if (groupingSeparators.indexOf(c) >= 0) {
                boolean firstGroupOk = !grouped && groupLength >= 1 && groupLength <= 3;
                if (!(firstGroupOk || grouped && groupLength == 3)) {
                    return Optional.empty();
                }
                grouped = true;
                groupLength = 0;
            } else {
                return Optional.empty();
            }
        }
        if (grouped && groupLength != 3) {
            return Optional.empty();
        }
        return Optional.of(out.toString());
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}

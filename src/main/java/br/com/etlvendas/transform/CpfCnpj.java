package br.com.etlvendas.transform;

/**
 * Check-digit validation of Brazilian taxpayer numbers: CPF (people, 11 digits) and CNPJ (companies, 14
 * characters). From July 2026 the Receita Federal issues alphanumeric CNPJs: the first 12 characters may be
 * letters A-Z or digits, the last 2 (the check digits) stay digits, and each character weighs its ASCII code
 * minus 48 in the same modulo-11 sums (a digit keeps its value, {@code A} counts 17, {@code Z} 42). Numeric
 * CNPJs are the special case with no letter, so one algorithm checks both.
 */
final class CpfCnpj {

    private static final int[] CNPJ_FIRST_WEIGHTS = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int[] CNPJ_SECOND_WEIGHTS = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    private CpfCnpj() {
    }

    /**
     * The characters of a document written as people write them, with {@code . - /} and the whitespace regex
     * {@code \s} stands for ({@code [ \t\n\x0B\f\r]}) between them, letters in upper case, when they form a valid
     * CPF or CNPJ (numeric or alphanumeric); null otherwise.
     */
    static String digitsOfValid(String text) {
        char[] chars = new char[14];
        int count = 0;
        boolean letters = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            if (digit || letter) {
                if (count == chars.length) {
                    return null;
                }
                letters |= letter;
                chars[count++] = letter ? Character.toUpperCase(c) : c;
            } else if (!(c == '.' || c == '-' || c == '/' || c == ' ' || c >= '\t' && c <= '\r')) {
                return null;
            }
        }
        if (count == 11 && !letters) {
            String d = new String(chars, 0, 11);
            return validCpf(d) ? d : null;
        }
        if (count == 14) {
            String d = new String(chars, 0, 14);
            return validCnpj(d) ? d : null;
        }
        return null;
    }

    static boolean validCpf(String d) {
        if (allSame(d)) {
            return false;
        }
        return d.charAt(9) - '0' == cpfDigit(d, 9) && d.charAt(10) - '0' == cpfDigit(d, 10);
    }

    private static int cpfDigit(String d, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (d.charAt(i) - '0') * (length + 1 - i);
        }
        int r = (sum * 10) % 11;
        return r == 10 ? 0 : r;
    }

    /** A CNPJ of 14 characters, numeric or alphanumeric (upper-case letters in the first 12 only). */
    static boolean validCnpj(String d) {
        if (d.length() != 14 || allSame(d) || !isDigit(d.charAt(12)) || !isDigit(d.charAt(13))) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = d.charAt(i);
            if (!isDigit(c) && !(c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return d.charAt(12) - '0' == cnpjDigit(d, 12) && d.charAt(13) - '0' == cnpjDigit(d, 13);
    }

    /** The check digit over the first {@code length} characters, each weighing its ASCII code minus 48. */
    private static int cnpjDigit(String d, int length) {
        int[] weights = length == 12 ? CNPJ_FIRST_WEIGHTS : CNPJ_SECOND_WEIGHTS;
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (d.charAt(i) - '0') * weights[i];
        }
        int r = sum % 11;
        return r < 2 ? 0 : 11 - r;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** One digit repeated (000.000.000-00 and the like) passes the check-digit sums but is no document. */
    private static boolean allSame(String d) {
        for (int i = 1; i < d.length(); i++) {
            if (d.charAt(i) != d.charAt(0)) {
                return false;
            }
        }
        return true;
    }
}

package br.com.etlvendas.transform;

/** Check-digit validation of Brazilian taxpayer numbers: CPF (people, 11 digits) and CNPJ (companies, 14). */
final class CpfCnpj {

    private static final int[] CNPJ_FIRST_WEIGHTS = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int[] CNPJ_SECOND_WEIGHTS = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    private CpfCnpj() {
    }

    /**
     * The digits of a document written as people write them, with {@code . - /} and the whitespace regex
     * {@code \s} stands for ({@code [ \t\n\x0B\f\r]}) between them, when they form a valid CPF or CNPJ;
     * null otherwise.
     */
    static String digitsOfValid(String text) {
        char[] digits = new char[14];
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (count == digits.length) {
                    return null;
                }
                digits[count++] = c;
            } else if (!(c == '.' || c == '-' || c == '/' || c == ' ' || c >= '\t' && c <= '\r')) {
                return null;
            }
        }
        if (count != 11 && count != 14) {
            return null;
        }
        String d = new String(digits, 0, count);
        return count == 11 && validCpf(d) || count == 14 && validCnpj(d) ? d : null;
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

    static boolean validCnpj(String d) {
        if (allSame(d)) {
            return false;
        }
        return d.charAt(12) - '0' == cnpjDigit(d, 12) && d.charAt(13) - '0' == cnpjDigit(d, 13);
    }

    private static int cnpjDigit(String d, int length) {
        int[] weights = length == 12 ? CNPJ_FIRST_WEIGHTS : CNPJ_SECOND_WEIGHTS;
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (d.charAt(i) - '0') * weights[i];
        }
        int r = sum % 11;
        return r < 2 ? 0 : 11 - r;
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

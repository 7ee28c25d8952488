package br.com.etlvendas.transform;

/** Check-digit validation of Brazilian taxpayer numbers: CPF (people, 11 digits) and CNPJ (companies, 14). */
final class CpfCnpj {

    private CpfCnpj() {
    }

    static boolean validCpf(String d) {
        if (d.chars().distinct().count() == 1) {
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
        if (d.chars().distinct().count() == 1) {
            return false;
        }
        return d.charAt(12) - '0' == cnpjDigit(d, 12) && d.charAt(13) - '0' == cnpjDigit(d, 13);
    }

    private static int cnpjDigit(String d, int length) {
        int[] weights = length == 12
                ? new int[]{5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
                : new int[]{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (d.charAt(i) - '0') * weights[i];
        }
        int r = sum % 11;
        return r < 2 ? 0 : 11 - r;
    }
}

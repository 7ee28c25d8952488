package br.com.etlvendas.sale;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code soldAt} as ISO-8601 text with its offset, for {@link SaleWriter}, {@link SaleReader} and validation: the text the
 * shared mapper writes ({@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}: seconds always, fraction without
 * trailing zeros, {@code Z} for UTC) and the value it reads, by hand for years 0 to 9999 and whole-minute
 * offsets, where {@link DateTimeFormatter} costs more than the rest of the record. Other values go through
 * the formatter; other text is left to the mapper.
 */
public final class OffsetDateTimeText {

    private static final int[] NANO_SCALE = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private OffsetDateTimeText() {
    }

    public static String format(OffsetDateTime t) {
        int year = t.getYear();
        ZoneOffset offset = t.getOffset();
        if (year < 0 || year > 9999 || offset.getTotalSeconds() % 60 != 0) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        StringBuilder s = new StringBuilder(35);
        digits(s, year, 4).append('-');
        digits(s, t.getMonthValue(), 2).append('-');
        digits(s, t.getDayOfMonth(), 2).append('T');
        digits(s, t.getHour(), 2).append(':');
        digits(s, t.getMinute(), 2).append(':');
        digits(s, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            digits(s.append('.'), nano, width);
        }
        // for whole minutes the offset's id is the formatter's text: "Z", or "+05:30"
        return s.append(offset.getId()).toString();
    }

    /**
     * The value of text in the form {@code yyyy-MM-ddTHH:mm[:ss[.fffffffff]]} followed by {@code Z} or
     * {@code ±HH:MM}, equal to what the mapper reads from it; null for text in any other form (the caller then
     * asks the mapper). Throws {@link java.time.DateTimeException} for a field out of range, where the mapper
     * fails too.
     */
    public static OffsetDateTime parse(String s) {
        int n = s.length();
        if (n < 17 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = 0;
        int nano = 0;
        int i = 16;
        if (s.charAt(i) == ':') {
            second = number(s, 17, 2);
            i = 19;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                    nano = nano * 10 + s.charAt(i++) - '0';
                }
                if (i == start) {
                    return null;
                }
                nano *= NANO_SCALE[i - start - 1];
            }
        }
        ZoneOffset offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            int hours = number(s, i + 1, 2);
            int minutes = number(s, i + 4, 2);
            if (hours < 0 || minutes < 0) {
                return null;
            }
            offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } else {
            return null;
        }
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
    }

    private static StringBuilder digits(StringBuilder s, int value, int width) {
        for (int scale = pow10(width - 1); scale > 0; scale /= 10) {
            s.append((char) ('0' + value / scale % 10));
        }
        return s;
    }

    private static int pow10(int exponent) {
        int p = 1;
        for (int k = 0; k < exponent; k++) {
            p *= 10;
        }
        return p;
    }

    /** The value of {@code width} ASCII digits at {@code from}; -1 when one is not a digit or is missing. */
    private static int number(String s, int from, int width) {
        if (from + width > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + width; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + c - '0';
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

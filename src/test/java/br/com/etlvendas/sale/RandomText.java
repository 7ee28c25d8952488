package br.com.etlvendas.sale;

import java.util.Random;

/** Text of every kind JSON must carry: control characters, 1- to 4-byte UTF-8, quotes, backslashes, lone surrogates. */
final class RandomText {

    private RandomText() {
    }

    static String of(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int k = 0; k < length; k++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(0x80));                  // ASCII, control characters too
                case 1 -> text.append((char) (0x80 + random.nextInt(0x780)));         // two UTF-8 bytes
                case 2 -> text.append((char) (0x800 + random.nextInt(0xD000)));       // three, below the surrogates
                case 3 -> text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));     // four: a surrogate pair
                case 4 -> text.append(random.nextInt(8) > 0 ? "ção" : random.nextBoolean() ? "\uD83D" : "\uDC00"); // rarely, a lone surrogate
                default -> text.append("\"\\/\u007F\u2028 ção");
            }
        }
        return text.toString();
    }
}

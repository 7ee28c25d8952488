package br.com.etlvendas.transform;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeenLinesTest {

    private static final long DAY = 86_400_000L;
    private final SeenLines.StoreSerde serde = new SeenLines.StoreSerde();

    @Test
    void shouldReplaceALineAddedAgainInTheBuilderAndKeepTheOthers() {
        // given lines 1 and 2 built, then line 2 set again
        SeenLines seen = new SeenLines.Builder(1)
                .add(1, 0, 11, SeenLines.COUNTED, new BigDecimal("10.00"))
                .add(2, 0, 22, SeenLines.COUNTED, new BigDecimal("5.00"))
                .add(2, 100, 23, (byte) 0, new BigDecimal("4.00"))
                .build(7);

        // then line 2 has its second content and time, and only line 1 counts as revenue
        assertThat(seen.size()).isEqualTo(2);
        assertThat(seen.seenAt(2)).isEqualTo(100);
        assertThat(seen.hash(seen.indexOf(2))).isEqualTo(23);
        assertThat(seen.revenue(seen.indexOf(1))).isEqualByComparingTo("10.00");
        assertThat(seen.revenue(seen.indexOf(2))).isEqualByComparingTo("0");
        assertThat(seen.version()).isEqualTo(7);
    }

    @Test
    void shouldTellWhetherAnyLineWasSeenWithinTheRetentionEitherSide() {
        SeenLines seen = new SeenLines.Builder(1).add(1, 10 * DAY, 1, (byte) 0, BigDecimal.ONE).build(SeenLines.NO_VERSION);

        assertThat(seen.anyWithin(10 * DAY + DAY, DAY)).isTrue();
        assertThat(seen.anyWithin(10 * DAY - DAY, DAY)).isTrue();
        assertThat(seen.anyWithin(12 * DAY, DAY)).isFalse();
        assertThat(SeenLines.NONE.anyWithin(0, DAY)).isFalse();
        assertThat(seen.newest()).isEqualTo(10 * DAY);
    }

    @Test
    void shouldRoundTripThroughTheStoreFormatWithContentAmountsAndVersion() {
        // given lines with a 4-place amount, a negative one and one too large for a long
        SeenLines seen = new SeenLines.Builder(3)
                .add(7, 1_700_000_000_000L, -5L, SeenLines.COUNTED, new BigDecimal("1234.5678"))
                .add(1_000_000, 1_700_000_000_001L, Long.MAX_VALUE, (byte) 0, new BigDecimal("-0.01"))
                .add(3, 1L, 0L, SeenLines.COUNTED, new BigDecimal("123456789012345678901234567890.12"))
                .build(1_700_000_000_000_000L);

        // when written and read back
        SeenLines back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", seen));

        // then every field is as it was, amounts to the last digit and scale
        assertThat(back.version()).isEqualTo(1_700_000_000_000_000L);
        assertThat(back.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.lineNo(i)).isEqualTo(seen.lineNo(i));
            assertThat(back.time(i)).isEqualTo(seen.time(i));
            assertThat(back.hash(i)).isEqualTo(seen.hash(i));
            assertThat(back.counted(i)).isEqualTo(seen.counted(i));
            assertThat(back.net(i)).isEqualTo(seen.net(i));
        }
    }

    @Test
    void shouldReadAnEntryOfTheFirstFormatAsLegacyLinesWhoseContentIsUnknown() {
        // given an entry as the key-only de-duplication stored it: [count][lineNo, time]...
        byte[] old = ByteBuffer.allocate(4 + 24).putInt(2).putInt(1).putLong(100).putInt(2).putLong(200).array();

        // when read
        SeenLines back = serde.deserializer().deserialize("t", old);

        // then both lines are remembered as legacy, with no version and no revenue
        assertThat(back.seenAt(1)).isEqualTo(100);
        assertThat(back.seenAt(2)).isEqualTo(200);
        assertThat(back.legacy(0)).isTrue();
        assertThat(back.counted(0)).isFalse();
        assertThat(back.version()).isEqualTo(SeenLines.NO_VERSION);
    }

    @Test
    void shouldRefuseBytesThatAreNoEntry() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[]{0, 0, 0, 2, 1}))
                .hasMessageContaining("not a de-duplication entry");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[]{2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}))
                .hasMessageContaining("not a de-duplication entry");
    }
}

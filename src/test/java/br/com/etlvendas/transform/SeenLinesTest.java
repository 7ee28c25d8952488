package br.com.etlvendas.transform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeenLinesTest {

    private static final long DAY = 86_400_000L;

    @Test
    void shouldRememberAddedLinesWithTheirTimeAndForgetOnesPastTheRetention() {
        // given lines 1 and 2 seen at day 0
        SeenLines seen = SeenLines.NONE.with(new int[]{1, 2}, 0, DAY);

        // when line 3 is seen two days later (retention one day)
        SeenLines later = seen.with(new int[]{3}, 2 * DAY, DAY);

        // then only line 3 is remembered, at its own time
        assertThat(later.seenAt(3)).isEqualTo(2 * DAY);
        assertThat(later.seenAt(1)).isEqualTo(Long.MIN_VALUE);
        assertThat(later.newest()).isEqualTo(2 * DAY);
    }

    @Test
    void shouldReplaceTheTimeOfALineSeenAgain() {
        SeenLines seen = SeenLines.NONE.with(new int[]{1, 2}, 0, DAY).with(new int[]{2}, 100, DAY);

        assertThat(seen.seenAt(1)).isZero();
        assertThat(seen.seenAt(2)).isEqualTo(100);
        assertThat(seen.lineNos()).hasSize(2);
    }

    @Test
    void shouldTellWhetherAnyLineWasSeenWithinTheRetentionEitherSide() {
        SeenLines seen = SeenLines.NONE.with(new int[]{1}, 10 * DAY, DAY);

        assertThat(seen.anyWithin(10 * DAY + DAY, DAY)).isTrue();
        assertThat(seen.anyWithin(10 * DAY - DAY, DAY)).isTrue();
        assertThat(seen.anyWithin(12 * DAY, DAY)).isFalse();
        assertThat(SeenLines.NONE.anyWithin(0, DAY)).isFalse();
    }

    @Test
    void shouldRoundTripThroughTheStoreFormatAndRefuseOtherBytes() {
        SeenLines seen = SeenLines.NONE.with(new int[]{7, 1_000_000}, 1_700_000_000_000L, DAY);
        SeenLines.StoreSerde serde = new SeenLines.StoreSerde();

        SeenLines back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", seen));

        assertThat(back.seenAt(7)).isEqualTo(1_700_000_000_000L);
        assertThat(back.seenAt(1_000_000)).isEqualTo(1_700_000_000_000L);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[]{0, 0, 0, 2, 1}))
                .hasMessageContaining("not a de-duplication entry");
    }
}

package br.com.etlvendas.extract.http;

import br.com.etlvendas.config.HttpSourceConfig.Pagination;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How an API source moves through pages and cursors, and how its position is stored. */
class ApiPositionTest {

    @Test
    void shouldMoveToTheNextPageAfterAFullPageAndStayOnAPartialOne() {
        ApiPosition first = ApiPosition.start(Pagination.PAGE);

        ApiPosition.Step full = first.after(3, 3, null);
        ApiPosition.Step partial = full.next().after(2, 3, null);

        assertThat(full).isEqualTo(new ApiPosition.Step(new ApiPosition(2, null, 0), false));
        assertThat(partial).isEqualTo(new ApiPosition.Step(new ApiPosition(2, null, 2), true));
        assertThat(partial.next().text()).isEqualTo("page=2&seen=2");
    }

    @Test
    void shouldStayOnTheLastCursorRememberingItsItemsUntilANextCursorAppears() {
        ApiPosition last = new ApiPosition(0, "c-4", 1);

        assertThat(last.after(1, 2, null)).isEqualTo(new ApiPosition.Step(last, true));
        assertThat(last.after(2, 2, "c-6")).isEqualTo(new ApiPosition.Step(new ApiPosition(0, "c-6", 0), false));
        assertThat(last.after(0, 2, "c-4").next()).as("a next cursor equal to this one is no next cursor").isEqualTo(last);
    }

    @Test
    void shouldReadBackWhatItStoresIncludingCursorsWithReservedCharacters() {
        ApiPosition cursor = new ApiPosition(0, "a&b=c/d+e", 7);

        assertThat(ApiPosition.parse(Pagination.CURSOR, cursor.text())).isEqualTo(cursor);
        assertThat(ApiPosition.parse(Pagination.CURSOR, "cursor=")).isEqualTo(ApiPosition.start(Pagination.CURSOR));
        assertThat(ApiPosition.parse(Pagination.PAGE, "page=4&seen=2")).isEqualTo(new ApiPosition(4, null, 2));
    }

    @Test
    void shouldRefuseAPositionOfTheOtherPaginationMode() {
        assertThatThrownBy(() -> ApiPosition.parse(Pagination.CURSOR, "page=4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pagination changed");
    }
}

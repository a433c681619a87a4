package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class QueryParamsTest {
  @Test
  void instant_acceptsWhatTheOfficialClientsSend() {
    Instant expected = Instant.parse("2024-01-01T00:00:00Z");
    assertThat(QueryParams.instant("since", "2024-01-01T00:00Z")).isEqualTo(expected);
    assertThat(QueryParams.instant("since", "2024-01-01T00:00:00Z")).isEqualTo(expected);
    assertThat(QueryParams.instant("since", "2024-01-01T00:00:00.000Z")).isEqualTo(expected);
    assertThat(QueryParams.instant("since", "2024-01-01T01:00:00+01:00")).isEqualTo(expected);
    assertThat(QueryParams.instant("since", "2024-01-01T01:00:00+0100")).isEqualTo(expected);
  }

  @Test
  void instant_withoutOffset_isUtc() {
    assertThat(QueryParams.instant("until", "2024-01-01T00:00:00"))
        .isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(QueryParams.instant("until", "2024-01-01"))
        .isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void instant_plusDecodedAsSpace_isRestored() {
    assertThat(QueryParams.instant("since", "2024-01-01T01:00:00 01:00"))
        .isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void instant_garbage_namesTheParameter() {
    assertThatThrownBy(() -> QueryParams.instant("since", "yesterday"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("'since'")
        .hasMessageContaining("yesterday");
  }

  @Test
  void choice_unknownValue_listsAllowedValues() {
    assertThatThrownBy(() -> QueryParams.choice("orderBy", "newest", "created_desc", "a", "b"))
        .hasMessageContaining("'orderBy'")
        .hasMessageContaining("a, b");
    assertThat(QueryParams.choice("orderBy", "TITLE_ASC", "x", "title_asc")).isEqualTo("title_asc");
    assertThat(QueryParams.choice("orderBy", "", "x", "title_asc")).isEqualTo("x");
  }

  @Test
  void csv_dropsEmptyItems() {
    assertThat(QueryParams.csv(" a, ,b,")).containsExactly("a", "b");
    assertThat(QueryParams.csv(null)).isEmpty();
  }
}

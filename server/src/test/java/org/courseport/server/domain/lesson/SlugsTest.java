package org.courseport.server.domain.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class SlugsTest {

  @Test
  void fromTitle_lowerCasesDropsAccentsAndJoinsWithHyphens() {
    assertThat(Slugs.fromTitle("Cell Biology: Part 1")).isEqualTo("cell-biology-part-1");
    assertThat(Slugs.fromTitle("  Élan vital — Über  ")).isEqualTo("elan-vital-uber");
    assertThat(Slugs.fromTitle("!!!")).isEqualTo("lesson");
  }

  @Test
  void fromTitle_isShortenedWithoutATrailingHyphen() {
    String slug = Slugs.fromTitle("a".repeat(79) + " b" + "c".repeat(50));
    assertThat(slug).hasSizeLessThanOrEqualTo(80).doesNotEndWith("-");
    assertThat(Slugs.isValid(slug)).isTrue();
  }

  @Test
  void candidate_addsANumberFromTheSecond() {
    assertThat(Slugs.candidate("cells", 1)).isEqualTo("cells");
    assertThat(Slugs.candidate("cells", 2)).isEqualTo("cells-2");
  }

  @Test
  void check_refusesBadSlugsWithAClearMessage() {
    assertThat(Slugs.check("cell-biology-2")).isEqualTo("cell-biology-2");
    for (String bad :
        new String[] {"Cells", "cells--x", "-cells", "cells-", "a b", "", "x".repeat(101)}) {
      assertThatThrownBy(() -> Slugs.check(bad))
          .isInstanceOf(DomainException.class)
          .hasMessageContaining("Invalid slug '" + bad + "'")
          .hasMessageContaining("lower-case letters, digits and single hyphens");
    }
  }
}

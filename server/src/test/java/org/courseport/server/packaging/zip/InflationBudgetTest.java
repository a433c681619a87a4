package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class InflationBudgetTest {
  @Test
  void chargesAnEntryOnceHoweverOftenItIsRead() {
    InflationBudget budget = new InflationBudget(2, 1000);

    for (int i = 0; i < 10; i++) {
      budget.charge(0, 300, "a");
      budget.charge(0, 600, "a");
    }

    assertThat(budget.total()).isEqualTo(600);
  }

  @Test
  void refusesWhenEntriesTogetherInflateBeyondTheTotal() {
    InflationBudget budget = new InflationBudget(2, 1000);
    budget.charge(0, 600, "a");

    DomainException refused =
        catchThrowableOfType(DomainException.class, () -> budget.charge(1, 401, "b"));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.LIMIT_EXCEEDED);
    assertThat(refused.metadata())
        .containsEntry("rule", "zip.limit.total-size")
        .containsEntry("entry", "b");
  }
}

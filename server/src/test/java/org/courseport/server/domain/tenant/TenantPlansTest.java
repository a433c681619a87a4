package org.courseport.server.domain.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

/** Plan resolution: stored plan, bootstrap tenant paid, configured default, admin changes. */
class TenantPlansTest {

  @Test
  void bootstrapIsPaid_othersGetTheDefault_storedPlansWin() {
    InMemoryTenants repo = new InMemoryTenants();
    repo.insertTenant(new Tenant("default", "d", Instant.EPOCH));
    repo.insertTenant(new Tenant("t1", "t1", Instant.EPOCH));
    TenantPlans plans = new TenantPlans(repo, "default", Plan.FREE);
    assertThat(plans.planOf("default")).isEqualTo(Plan.PAID);
    assertThat(plans.planOf("t1")).isEqualTo(Plan.FREE);
    assertThatThrownBy(() -> plans.requirePaid("t1"))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DomainException.Kind.PERMISSION_DENIED);
              assertThat(e.reason()).isEqualTo("PAID_PLAN_REQUIRED");
              assertThat(e.getMessage()).isEqualTo("API access requires a paid plan");
            });

    assertThat(plans.set("t1", " PAID ")).isEqualTo(Plan.PAID);
    plans.requirePaid("t1");
    assertThat(plans.set("default", "free")).isEqualTo(Plan.FREE);
    assertThat(plans.planOf("default")).isEqualTo(Plan.FREE);

    assertThat(new TenantPlans(repo, "default", Plan.PAID).planOf("t-unknown"))
        .isEqualTo(Plan.PAID);
    assertThatThrownBy(() -> plans.set("t1", "gold"))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(e.getMessage()).contains("'free' or 'paid'", "gold"));
    assertThatThrownBy(() -> plans.set("nobody", "paid"))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.NOT_FOUND));
  }

  @Test
  void defaultPlanComesFromTheEnvironment() {
    assertThat(TenantPlans.defaultPlanFrom(Map.of())).isEqualTo(Plan.FREE);
    assertThat(TenantPlans.defaultPlanFrom(Map.of("COURSEPORT_DEFAULT_PLAN", "paid")))
        .isEqualTo(Plan.PAID);
    assertThatThrownBy(
            () -> TenantPlans.defaultPlanFrom(Map.of("COURSEPORT_DEFAULT_PLAN", "premium")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_DEFAULT_PLAN")
        .hasMessageContaining("premium");
  }
}

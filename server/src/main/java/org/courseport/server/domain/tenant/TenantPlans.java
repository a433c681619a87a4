package org.courseport.server.domain.tenant;

import java.util.Map;
import java.util.Objects;
import org.courseport.server.domain.DomainException;

/**
 * Tenants' plans. A tenant without a stored plan is on {@link Plan#PAID} when it is the bootstrap
 * tenant (the operator's own) and on the configured default otherwise ({@value #DEFAULT_PLAN_ENV},
 * {@code free} unless set). The plan is read on every check, so a change takes effect at the next
 * request.
 */
public final class TenantPlans {
  /** Environment variable naming the plan of tenants without a stored plan: free or paid. */
  public static final String DEFAULT_PLAN_ENV = "COURSEPORT_DEFAULT_PLAN";

  /** ErrorInfo reason (and LearningStudio code) of a plan-gated call on the free plan. */
  public static final String PAID_PLAN_REQUIRED = "PAID_PLAN_REQUIRED";

  private final TenantRepository tenants;
  private final String bootstrapTenant;
  private final Plan defaultPlan;

  /**
   * @param bootstrapTenant the id of the tenant created at bootstrap (paid unless set otherwise)
   * @param defaultPlan the plan of other tenants without a stored plan
   */
  public TenantPlans(TenantRepository tenants, String bootstrapTenant, Plan defaultPlan) {
    this.tenants = tenants;
    this.bootstrapTenant = Objects.requireNonNull(bootstrapTenant);
    this.defaultPlan = Objects.requireNonNull(defaultPlan);
  }

  /**
   * The default plan from {@value #DEFAULT_PLAN_ENV}; {@code free} when unset; an
   * IllegalArgumentException naming the variable for anything but free or paid.
   */
  public static Plan defaultPlanFrom(Map<String, String> environment) {
    String value = environment.get(DEFAULT_PLAN_ENV);
    if (value == null || value.isBlank()) {
      return Plan.FREE;
    }
    return Plan.byName(value)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    DEFAULT_PLAN_ENV + " must be 'free' or 'paid', not '" + value + "'"));
  }

  /** The tenant's effective plan. */
  public Plan planOf(String tenantId) {
    Plan stored = tenants.findTenant(tenantId).map(Tenant::plan).orElse(null);
    if (stored != null) {
      return stored;
    }
    return bootstrapTenant.equals(tenantId) ? Plan.PAID : defaultPlan;
  }

  /** Throws PERMISSION_DENIED {@value #PAID_PLAN_REQUIRED} unless the tenant is on a paid plan. */
  public void requirePaid(String tenantId) {
    if (planOf(tenantId) != Plan.PAID) {
      throw new DomainException(
          DomainException.Kind.PERMISSION_DENIED,
          PAID_PLAN_REQUIRED,
          "API access requires a paid plan");
    }
  }

  /**
   * Sets the tenant's plan from its API name; INVALID_ARGUMENT PLAN_INVALID for anything but free
   * or paid, NOT_FOUND TENANT_NOT_FOUND for an unknown tenant.
   */
  public Plan set(String tenantId, String planName) {
    Plan plan =
        Plan.byName(planName)
            .orElseThrow(
                () ->
                    DomainException.invalid(
                        "PLAN_INVALID",
                        "plan must be 'free' or 'paid', not '"
                            + (planName == null ? "" : planName)
                            + "'"));
    if (!tenants.updatePlan(tenantId, plan)) {
      throw DomainException.notFound("TENANT_NOT_FOUND", "No tenant '" + tenantId + "'.");
    }
    return plan;
  }
}

package org.courseport.server.domain.contentexport;

import java.time.Instant;

/**
 * A user: the owner of a tenant's uploads and authored content. Each tenant has one, created on
 * first use, whose id is an integer per tenant.
 *
 * @param tenantId the tenant
 * @param id integer id per tenant
 * @param name a display name
 * @param created when it was created
 */
public record User(String tenantId, int id, String name, Instant created) {}

package org.courseport.server.domain.tenant;

import java.time.Instant;

/** A tenant: an application whose courses and settings are isolated from every other's. */
public record Tenant(String id, String name, Instant created) {}

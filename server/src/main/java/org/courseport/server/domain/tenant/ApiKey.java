package org.courseport.server.domain.tenant;

import java.time.Instant;

/**
 * An API key: a public id and a secret, of which only a salted hash is stored.
 *
 * @param keyId public id (the user part of HTTP Basic)
 * @param tenantId the tenant the key acts for
 * @param secretHash encoded hash of the secret ({@link SecretHasher} format)
 * @param created when the key was created
 */
public record ApiKey(String keyId, String tenantId, String secretHash, Instant created) {}

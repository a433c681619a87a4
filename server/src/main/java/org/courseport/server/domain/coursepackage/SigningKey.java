package org.courseport.server.domain.coursepackage;

import java.time.Instant;

/**
 * A secret that signs upload URLs.
 *
 * @param keyId public id, carried in the URL ({@code kid})
 * @param secret the HMAC key, base64
 * @param created when it was generated
 */
public record SigningKey(String keyId, String secret, Instant created) {}

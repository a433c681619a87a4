/**
 * The core every REST dialect shares: the {@link org.courseport.transcoding.core.Dialect} contract
 * and registry, transcoded-route plumbing (parameter checks, 204 for Empty), error handling and the
 * status mapping. Depends on {@code core.json} only; never on a dialect package.
 */
package org.courseport.transcoding.core;

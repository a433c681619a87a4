/** Request rate limits counted in a store shared by all replicas. */
package org.courseport.server.domain.ratelimit;

/**
 * Launches of course versions: preview links and tracked launch sessions (registrations), the
 * tokens that open them on the content origin, and the run-time data the player commits.
 *
 * <p>A launch starts with a <em>link token</em> that the API answers inside an absolute URL on the
 * content origin ({@code {content base}/launch/{linkToken}}); it can be opened without credentials
 * until it expires (then HTTP 410). Opening it mints a <em>delivery token</em> that lives for the
 * player's session ({@code /s/{deliveryToken}/…}: the player page, the package files, commits), so
 * a course opened a second before its link expires keeps working. Tokens are 256-bit random strings
 * in the URL path (no cookies) and are stored only as their SHA-256.
 */
package org.courseport.server.domain.launch;

/**
 * The content origin: an Armeria server on its own port ({@code COURSEPORT_CONTENT_PORT}) that
 * serves the player and package files, and nothing of the API. Routes:
 *
 * <ul>
 *   <li>{@code GET /launch/{linkToken}}: opens a link (303 to {@code /s/{deliveryToken}/}); 410
 *       page when expired, 404 page when unknown, 422 page when the course cannot be launched
 *       (cmi5, xAPI, AICC, …)
 *   <li>{@code GET /s/{deliveryToken}/}: the player page
 *   <li>{@code GET|HEAD /s/{deliveryToken}/c/{path}}: a package file, read from the stored zip
 *       through its central directory, with Range, ETag, cache headers and the package CSP
 *   <li>{@code POST /s/{deliveryToken}/commit}: a run-time commit (JSON or text/plain beacon)
 *   <li>{@code GET /s/{deliveryToken}/exit}: where the player goes on exit (redirectOnExitUrl)
 *   <li>{@code GET /player/assets/…}: scorm-again and the player's own script and style
 * </ul>
 */
package org.courseport.server.content;

/**
 * The API side of launches ({@link org.courseport.server.launch.Launches}): preview links, tracked
 * launch sessions, course statements and course sharing, over the launch domain, the course
 * catalog, the settings cascade and the player's launch plans.
 */
package org.courseport.server.launch;

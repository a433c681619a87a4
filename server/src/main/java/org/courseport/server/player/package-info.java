/**
 * The player: what a course version launches (its {@link org.courseport.server.player.LaunchPlan}
 * read from the stored manifest, with SCORM 2004 sequencing in scorm-again's settings format) and
 * the player page that hosts scorm-again (npm, bundled by the build under {@code /player/assets/})
 * on the content origin.
 */
package org.courseport.server.player;

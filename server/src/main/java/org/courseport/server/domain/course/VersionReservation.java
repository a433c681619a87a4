package org.courseport.server.domain.course;

/**
 * A version number taken for one import when its upload was accepted, with the generation of the
 * course record it was taken from. Deleting a course starts a new generation, so that an import
 * reserved before the delete cannot commit into the course created after it.
 *
 * @param version the reserved version number (never handed out twice for one course record)
 * @param generation the course record's generation at reservation
 */
public record VersionReservation(int version, long generation) {}

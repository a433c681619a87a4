/**
 * The lesson API dialect ({@code /api/lessons}): seed 001's error body {@code
 * {"error","message","code","timestamp"}}, lowerCamel JSON, {@code Bearer} credentials (also the
 * {@code <keyId>.<secret>} token form) and 201 for the creating routes.
 */
package org.courseport.transcoding.lessons;

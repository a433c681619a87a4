package org.courseport.server.domain.lessonexport;

import java.io.InputStream;

/**
 * One file of a lesson export, opened for reading (the caller closes {@code content}).
 *
 * @param fileName the last segment of its path
 * @param sha256 lower-case hex SHA-256 of its bytes
 */
public record ExportFile(
    String fileName, String mimeType, long size, String sha256, InputStream content) {}

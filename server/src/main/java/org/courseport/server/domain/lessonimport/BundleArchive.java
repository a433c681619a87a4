package org.courseport.server.domain.lessonimport;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The files of a lesson bundle zip, already checked against the zip limits and path rules (no entry
 * escapes the archive; inflated sizes are enforced while reading).
 */
public interface BundleArchive {

  /** The paths of the files (directories excluded), {@code /}-separated, in zip order. */
  List<String> paths();

  /** The declared uncompressed size of a file. */
  long size(String path);

  /** Opens a file listed by {@link #paths()}. */
  InputStream open(String path) throws IOException;
}

package org.courseport.server.packaging.zip;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** Opens commons-compress {@code ZipFile}s and turns their format errors into ZIP_INVALID. */
final class ZipFiles {
  private ZipFiles() {}

  static ZipFile open(SeekableByteChannel channel) throws IOException {
    if (channel.size() == 0) {
      throw ZipRefusal.refuse(ZipRefusal.INVALID, "zip.format", "", "The file is empty");
    }
    try {
      return ZipFile.builder()
          .setSeekableByteChannel(channel)
          .setCharset(StandardCharsets.UTF_8)
          .setUseUnicodeExtraFields(true)
          .get();
    } catch (java.nio.channels.ClosedChannelException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // commons-compress reports every malformed structure as an IOException (ZipException,
      // EOFException, ArchiveException) and a few as unchecked exceptions.
      throw ZipRefusal.refuse(ZipRefusal.INVALID, "zip.format", "",
          "The file is not a zip archive or is damaged (" + rootCause(e).getMessage() + ")");
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}

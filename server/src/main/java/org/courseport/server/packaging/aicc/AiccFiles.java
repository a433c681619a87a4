package org.courseport.server.packaging.aicc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.support.ArchiveFiles;
import org.courseport.server.packaging.support.Findings;

/** Finds and reads the companion files of an AICC course (.au, .des, .cst) as text. */
final class AiccFiles {
  private final PackageArchive archive;
  private final long maxBytes;
  private final String baseName;

  AiccFiles(PackageArchive archive, ArchiveEntry courseFile, long maxBytes) {
    this.archive = archive;
    this.maxBytes = maxBytes;
    String path = courseFile.path();
    this.baseName = path.substring(0, path.length() - ".crs".length());
  }

  /** The root file with the course's base name and {@code ext}, else any root file with it. */
  Optional<ArchiveEntry> companion(String ext) {
    String wanted = (baseName + ext).toLowerCase(Locale.ROOT);
    Optional<ArchiveEntry> same =
        archive.entries().stream()
            .filter(e -> e.path().toLowerCase(Locale.ROOT).equals(wanted))
            .findFirst();
    return same.or(
        () ->
            archive.entries().stream()
                .filter(
                    e -> !e.path().contains("/") && e.path().toLowerCase(Locale.ROOT).endsWith(ext))
                .findFirst());
  }

  /** The text of {@code entry}: UTF-8 when it decodes, else Windows-1252 (as AICC tools write). */
  Optional<String> read(ArchiveEntry entry, Findings findings) {
    try {
      byte[] bytes = ArchiveFiles.readLimited(archive, entry, maxBytes);
      try {
        return Optional.of(
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString());
      } catch (CharacterCodingException e) {
        return Optional.of(new String(bytes, Charset.forName("windows-1252")));
      }
    } catch (ArchiveFiles.TooLargeException e) {
      findings.error("aicc.too-large", entry.path(), e.getMessage());
    } catch (IOException e) {
      findings.error(
          "archive.unreadable",
          entry.path(),
          entry.path() + " cannot be read from the package: " + e.getMessage());
    }
    return Optional.empty();
  }
}

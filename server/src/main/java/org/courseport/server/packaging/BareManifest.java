package org.courseport.server.packaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.archive.PackageArchive;

/**
 * A manifest uploaded alone instead of a zip (a cmi5 course structure whose AUs live elsewhere, or
 * a bare {@code imsmanifest.xml}), seen as a package of that one file.
 */
final class BareManifest implements PackageArchive {
  private final ArchiveEntry entry;
  private final byte[] bytes;

  private BareManifest(String name, byte[] bytes) {
    this.entry = new ArchiveEntry(name, name, bytes.length, -1);
    this.bytes = bytes;
  }

  /** Whether the upload is XML rather than a zip: by name, or by its first byte. */
  static boolean looksLikeXml(SeekableByteChannel content, String fileName) throws IOException {
    if (fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".xml")) {
      return true;
    }
    ByteBuffer head = ByteBuffer.allocate(64);
    content.position(0);
    content.read(head);
    String text = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
    return text.replace("\u00ef\u00bb\u00bf", "").stripLeading().startsWith("<");
  }

  /**
   * Reads the whole upload (bounded) as the package's one file; an upload larger than {@code
   * maxBytes} is refused (INVALID_ARGUMENT, rule {@code xml.too-large} on {@code fileName}).
   */
  static BareManifest read(SeekableByteChannel content, long maxBytes, String fileName)
      throws IOException {
    if (content.size() > maxBytes) {
      throw new DomainException(
          DomainException.Kind.INVALID_ARGUMENT,
          "XML_TOO_LARGE",
          "The uploaded XML file is larger than "
              + maxBytes
              + " bytes, the most the importer"
              + " reads",
          Map.of("rule", "xml.too-large", "entry", fileName == null ? "" : fileName));
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) content.size());
    content.position(0);
    while (buffer.hasRemaining() && content.read(buffer) > 0) {
      // keep reading until full
    }
    byte[] bytes = buffer.array();
    return new BareManifest(nameFor(bytes), bytes);
  }

  private static String nameFor(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
    if (head.contains("courseStructure")) {
      return "cmi5.xml";
    }
    if (head.contains("<tincan")) {
      return "tincan.xml";
    }
    return "imsmanifest.xml";
  }

  @Override
  public List<ArchiveEntry> entries() {
    return List.of(entry);
  }

  @Override
  public Optional<ArchiveEntry> find(String path) {
    return entry.path().equals(path) ? Optional.of(entry) : Optional.empty();
  }

  @Override
  public InputStream open(ArchiveEntry e) {
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public List<Finding> repairs() {
    return List.of();
  }

  @Override
  public void close() {}
}

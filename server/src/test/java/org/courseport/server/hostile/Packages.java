package org.courseport.server.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.courseport.server.packaging.testing.RawZipWriter;

/** SCORM 1.2 manifests and small packages, with the parts hostile tests vary left open. */
final class Packages {
  static final String NS =
      "xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n"
          + "    xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"";

  private Packages() {}

  /** A SCORM 1.2 manifest: one item launching {@code href}, listing {@code files}. */
  static String manifest(String title, String href, String... files) {
    StringBuilder listed = new StringBuilder();
    for (String f : files) {
      listed.append("      <file href=\"").append(f).append("\"/>\n");
    }
    return withResources("", title, resources("RES-1", "sco", href, listed.toString()));
  }

  /** A SCORM 1.2 manifest with one item on RES-1, the given prolog and resources. */
  static String withResources(String prolog, String title, String resources) {
    return prolog
        + """
        <manifest identifier="MANIFEST-1" version="1.0"
            %s>
          <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
          <organizations default="ORG-1">
            <organization identifier="ORG-1">
              <title>%s</title>
              <item identifier="ITEM-1" identifierref="RES-1"><title>Lesson</title></item>
            </organization>
          </organizations>
          <resources>
        %s  </resources>
        </manifest>
        """
            .formatted(NS, title, resources);
  }

  /** One {@code <resource>} element. */
  static String resources(String id, String type, String href, String inner) {
    return "    <resource identifier=\""
        + id
        + "\" type=\"webcontent\" adlcp:scormtype=\""
        + type
        + "\" href=\""
        + href
        + "\">\n"
        + inner
        + "    </resource>\n";
  }

  /** The XML declaration most manifests start with. */
  static String declaration() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  }

  /** A valid package: the manifest and index.html. */
  static Map<String, byte[]> valid(String title) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", utf8(declaration() + manifest(title, "index.html", "index.html")));
    files.put("index.html", utf8("<html><body>" + title + "</body></html>"));
    return files;
  }

  /** Writes stored entries, in order, to a new zip in {@code dir}. */
  static Path zip(Path dir, Map<String, byte[]> files) {
    Path file = dir.resolve("p-" + UUID.randomUUID() + ".zip");
    try (RawZipWriter zip = new RawZipWriter(file)) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        zip.addStored(e.getKey(), e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a plain file (not necessarily a zip) into {@code dir}. */
  static Path file(Path dir, byte[] bytes) {
    try {
      return Files.write(dir.resolve("f-" + UUID.randomUUID() + ".zip"), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh course id. */
  static String courseId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

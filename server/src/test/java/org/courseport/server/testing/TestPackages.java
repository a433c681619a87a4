package org.courseport.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small but real SCORM packages for tests. */
public final class TestPackages {
  private TestPackages() {}

  /** A SCORM 1.2 package with one SCO ({@code index.html}) titled {@code title}. */
  public static byte[] scorm12(String title) {
    String manifest =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="MANIFEST-1" version="1.0"
            xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
            xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
          <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
          <organizations default="ORG-1">
            <organization identifier="ORG-1">
              <title>%s</title>
              <item identifier="ITEM-1" identifierref="RES-1">
                <title>Lesson 1</title>
                <adlcp:masteryscore>80</adlcp:masteryscore>
              </item>
            </organization>
          </organizations>
          <resources>
            <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
              <file href="index.html"/>
            </resource>
          </resources>
        </manifest>
        """
            .formatted(title);
    return zip(Map.of("imsmanifest.xml", manifest, "index.html", "<html><body>Hi</body></html>"));
  }

  /** A SCORM 2004 4th edition package with two SCOs in one aggregation. */
  public static byte[] scorm2004(String title) {
    String manifest =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="M" version="1"
            xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
            xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
          <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
          <organizations default="O">
            <organization identifier="O">
              <title>%s</title>
              <item identifier="CHAPTER"><title>Chapter</title>
                <item identifier="I1" identifierref="R1"><title>One</title></item>
                <item identifier="I2" identifierref="R2" parameters="?page=2"><title>Two</title></item>
              </item>
            </organization>
          </organizations>
          <resources>
            <resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="one.html">
              <file href="one.html"/>
            </resource>
            <resource identifier="R2" type="webcontent" adlcp:scormType="sco" href="two.html">
              <file href="two.html"/>
            </resource>
          </resources>
        </manifest>
        """
            .formatted(title);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", manifest);
    files.put("one.html", "<html>1</html>");
    files.put("two.html", "<html>2</html>");
    return zip(files);
  }

  /** A zip of the given text files, in the given order. */
  public static byte[] zip(Map<String, String> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes bytes to a file in {@code dir}. */
  public static Path write(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

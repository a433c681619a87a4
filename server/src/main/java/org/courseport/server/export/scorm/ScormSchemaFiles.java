package org.courseport.server.export.scorm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;

/**
 * The official XSD (and DTD) files a SCORM package carries at its root, bundled unchanged from
 * {@code /schemas/{scorm12,scorm2004-3rd,scorm2004-4th}/} (see that folder's NOTICE): the files the
 * manifest's {@code xsi:schemaLocation} names and everything they import or include. Read once per
 * process, without the JDK's shared jar cache.
 */
public final class ScormSchemaFiles {
  private static final List<String> SCORM12 =
      List.of("adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd");

  private static final List<String> SCORM2004_COMMON =
      List.of(
          "XMLSchema.dtd",
          "adlcp_v1p3.xsd",
          "adlnav_v1p3.xsd",
          "adlseq_v1p3.xsd",
          "common/anyElement.xsd",
          "common/dataTypes.xsd",
          "common/elementNames.xsd",
          "common/elementTypes.xsd",
          "common/rootElement.xsd",
          "common/vocabTypes.xsd",
          "common/vocabValues.xsd",
          "datatypes.dtd",
          "extend/strict.xsd",
          "imscp_v1p1.xsd",
          "imsss_v1p0.xsd",
          "imsss_v1p0auxresource.xsd",
          "imsss_v1p0control.xsd",
          "imsss_v1p0delivery.xsd",
          "imsss_v1p0limit.xsd",
          "imsss_v1p0objective.xsd",
          "imsss_v1p0random.xsd",
          "imsss_v1p0rollup.xsd",
          "imsss_v1p0seqrule.xsd",
          "imsss_v1p0util.xsd",
          "lom.xsd",
          "unique/strict.xsd",
          "vocab/strict.xsd",
          "xml.xsd");

  private static final List<String> SCORM2004_3RD_ONLY = List.of("ims_xml.xsd");

  private static final List<String> SCORM2004_4TH_ONLY =
      List.of(
          "bdlcp_rootv1p2.xsd",
          "extend/custom.xsd",
          "lomCustom.xsd",
          "lomLoose.xsd",
          "lomStrict.xsd",
          "unique/loose.xsd",
          "vocab/adlmd_vocabv1p0.xsd",
          "vocab/custom.xsd",
          "vocab/loose.xsd");

  private static final Map<ExportFormat, List<ExportEntry>> CACHE = new ConcurrentHashMap<>();

  private ScormSchemaFiles() {}

  /** The schema entries of a SCORM format, at the package root, sorted by path, deflated. */
  public static List<ExportEntry> entries(ExportFormat format) {
    return CACHE.computeIfAbsent(format, ScormSchemaFiles::load);
  }

  /** The bundled folder of a SCORM format under {@code /schemas/}. */
  static String folder(ExportFormat format) {
    return switch (format) {
      case SCORM12 -> "scorm12";
      case SCORM2004_3RD -> "scorm2004-3rd";
      case SCORM2004_4TH -> "scorm2004-4th";
      default -> throw new IllegalArgumentException("not a SCORM format: " + format);
    };
  }

  /** The file names of a format's schema set. */
  static List<String> names(ExportFormat format) {
    List<String> names = new ArrayList<>();
    switch (format) {
      case SCORM12 -> names.addAll(SCORM12);
      case SCORM2004_3RD -> {
        names.addAll(SCORM2004_COMMON);
        names.addAll(SCORM2004_3RD_ONLY);
      }
      case SCORM2004_4TH -> {
        names.addAll(SCORM2004_COMMON);
        names.addAll(SCORM2004_4TH_ONLY);
      }
      default -> throw new IllegalArgumentException("not a SCORM format: " + format);
    }
    names.sort(null);
    return names;
  }

  private static List<ExportEntry> load(ExportFormat format) {
    String folder = folder(format);
    List<ExportEntry> entries = new ArrayList<>();
    for (String name : names(format)) {
      entries.add(ExportEntry.bytes(name, read("/schemas/" + folder + "/" + name), true));
    }
    return List.copyOf(entries);
  }

  private static byte[] read(String resource) {
    URL url = ScormSchemaFiles.class.getResource(resource);
    if (url == null) {
      throw new IllegalStateException("schema file not bundled: " + resource);
    }
    try {
      URLConnection connection = url.openConnection();
      connection.setUseCaches(false);
      try (InputStream in = connection.getInputStream()) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("bundled schema file could not be read: " + resource, e);
    }
  }
}

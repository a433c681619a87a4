package org.courseport.server.export.imported;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.courseport.server.export.ExportFormat;

/**
 * The official schema files a converted SCORM package carries at its root, read unchanged from the
 * bundled {@code /schemas/} set (see its NOTICE), and the names of the schema files of the other
 * SCORM versions that a conversion replaces.
 */
final class SchemaBundle {
  private static final List<String> SCORM12 =
      List.of("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd");
  private static final List<String> SCORM2004_COMMON =
      List.of(
          "XMLSchema.dtd",
          "datatypes.dtd",
          "adlcp_v1p3.xsd",
          "adlnav_v1p3.xsd",
          "adlseq_v1p3.xsd",
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
          "xml.xsd",
          "common/anyElement.xsd",
          "common/dataTypes.xsd",
          "common/elementNames.xsd",
          "common/elementTypes.xsd",
          "common/rootElement.xsd",
          "common/vocabTypes.xsd",
          "common/vocabValues.xsd",
          "extend/strict.xsd",
          "unique/strict.xsd",
          "vocab/strict.xsd");
  private static final List<String> SCORM2004_3RD_ONLY = List.of("ims_xml.xsd");
  private static final List<String> SCORM2004_4TH_ONLY =
      List.of(
          "bdlcp_rootv1p2.xsd",
          "lomCustom.xsd",
          "lomLoose.xsd",
          "lomStrict.xsd",
          "extend/custom.xsd",
          "unique/loose.xsd",
          "vocab/adlmd_vocabv1p0.xsd",
          "vocab/custom.xsd",
          "vocab/loose.xsd");

  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private SchemaBundle() {}

  /** Paths (at the package root) of the schema files of a SCORM format. */
  static List<String> files(ExportFormat format) {
    return switch (format) {
      case SCORM12 -> SCORM12;
      case SCORM2004_3RD -> concat(SCORM2004_COMMON, SCORM2004_3RD_ONLY);
      case SCORM2004_4TH -> concat(SCORM2004_COMMON, SCORM2004_4TH_ONLY);
      default -> throw new IllegalArgumentException("no SCORM schemas for " + format);
    };
  }

  /** Every schema file name any SCORM version puts at a package root. */
  static Set<String> anyScormSchemaFile() {
    return Set.copyOf(
        concat(concat(SCORM12, SCORM2004_COMMON), concat(SCORM2004_3RD_ONLY, SCORM2004_4TH_ONLY)));
  }

  /** The bytes of one of {@link #files(ExportFormat)}. */
  static byte[] bytes(ExportFormat format, String path) {
    String dir =
        switch (format) {
          case SCORM12 -> "scorm12";
          case SCORM2004_3RD -> "scorm2004-3rd";
          case SCORM2004_4TH -> "scorm2004-4th";
          default -> throw new IllegalArgumentException("no SCORM schemas for " + format);
        };
    return CACHE.computeIfAbsent(dir + "/" + path, SchemaBundle::load).clone();
  }

  private static byte[] load(String resource) {
    try (InputStream in = SchemaBundle.class.getResourceAsStream("/schemas/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("schema file not bundled: /schemas/" + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}

package org.courseport.server.packaging.cp;

import static org.assertj.core.api.Assertions.assertThat;

import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.testing.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatDetectorTest {
  private final Findings findings = new Findings();

  private PackageFormat detect(String xml) {
    return FormatDetector.detect(CpFixtures.manifest(xml), "imsmanifest.xml", findings);
  }

  private static String manifest(String namespace, String metadata, String resourceType) {
    return """
           <manifest identifier="m" xmlns="%s">%s<organizations/>
             <resources><resource identifier="r" type="%s" href="a.xml"/></resources></manifest>"""
        .formatted(namespace, metadata, resourceType);
  }

  private static String metadata(String schema, String version) {
    return "<metadata><schema>"
        + schema
        + "</schema><schemaversion>"
        + version
        + "</schemaversion></metadata>";
  }

  @ParameterizedTest
  @CsvSource({
    "http://www.imsglobal.org/xsd/imscc/imscp_v1p1, imscc-1.0",
    "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1, imscc-1.1",
    "http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1, imscc-1.2",
    "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1, imscc-1.3"
  })
  void cartridgeNamespace_namesTheVersion(String namespace, String format) {
    assertThat(detect(manifest(namespace, "", "webcontent")).id()).isEqualTo(format);
  }

  @Test
  void cartridgeSchemaVersionWithPlainCpNamespace_namesTheVersion() {
    assertThat(
            detect(
                manifest(
                    "http://www.imsglobal.org/xsd/imscp_v1p1",
                    metadata("IMS Common Cartridge", "1.2.0"),
                    "webcontent")))
        .isEqualTo(PackageFormat.IMSCC_12);
  }

  @Test
  void cartridgeResourceTypesAlone_nameTheVersion() {
    assertThat(
            detect(
                manifest(
                    "http://www.imsglobal.org/xsd/imscp_v1p1",
                    "",
                    "imsqti_xmlv1p2/imscc_xmlv1p0/assessment")))
        .isEqualTo(PackageFormat.IMSCC_10);
  }

  @Test
  void namespaceAndSchemaVersionDisagreeing_trustsTheNamespaceAndWarns() {
    assertThat(
            detect(
                manifest(
                    "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
                    metadata("IMS Common Cartridge", "1.1.0"),
                    "webcontent")))
        .isEqualTo(PackageFormat.IMSCC_13);
    assertThat(findings.list())
        .extracting(f -> f.rule())
        .containsExactly("manifest.edition.mismatch");
  }

  @ParameterizedTest
  @CsvSource({
    "imsqti_item_xmlv2p1, qti-2.1",
    "imsqti_test_xmlv2p2, qti-2.2",
    "imsqti_item_xmlv3p0, qti-3.0",
    "webcontent, imscp"
  })
  void qtiResourceTypes_nameTheQtiVersionElsePlainCp(String type, String format) {
    assertThat(detect(manifest("http://www.imsglobal.org/xsd/imscp_v1p1", "", type)).id())
        .isEqualTo(format);
  }

  @Test
  void scorm12SchemaVersionWithScorm2004Namespaces_isReadAs2004WithWarning() {
    String xml = Manifests.scorm2004("1.2", "<organizations/>", "");

    assertThat(detect(xml)).isEqualTo(PackageFormat.SCORM_2004_2ND);
    assertThat(findings.list())
        .extracting(f -> f.rule())
        .containsExactly("manifest.edition.mismatch");
  }

  @Test
  void scorm2004SchemaVersionWithScorm12Namespaces_isReadAs12WithWarning() {
    String xml =
        Manifests.singleSco12().replace("<schemaversion>1.2", "<schemaversion>2004 3rd Edition");

    assertThat(detect(xml)).isEqualTo(PackageFormat.SCORM_12);
    assertThat(findings.list())
        .extracting(f -> f.rule())
        .containsExactly("manifest.edition.mismatch");
  }
}

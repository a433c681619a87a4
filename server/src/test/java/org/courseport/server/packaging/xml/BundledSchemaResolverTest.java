package org.courseport.server.packaging.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.ls.LSInput;

class BundledSchemaResolverTest {
  private static final String TYPE = "http://www.w3.org/2001/XMLSchema";
  private final BundledSchemaResolver resolver =
      new BundledSchemaResolver(
          SchemaFiles.load(), Map.of("http://www.w3.org/2001/xml.xsd", "scorm2004-4th/xml.xsd"));

  @Test
  void relativeImport_resolvesAgainstTheImportingBundledFile() {
    LSInput input =
        resolver.resolveResource(
            TYPE,
            null,
            null,
            "../scorm12/adlcp_rootv1p2.xsd",
            "courseport-schema:/_wrappers/scorm12.xsd");

    assertThat(input.getSystemId()).isEqualTo("courseport-schema:/scorm12/adlcp_rootv1p2.xsd");
    assertThat(input.getByteStream()).isNotNull();
  }

  @Test
  void catalogedW3cUrl_resolvesToTheBundledCopy() {
    LSInput input =
        resolver.resolveResource(
            TYPE,
            null,
            null,
            "http://www.w3.org/2001/xml.xsd",
            "courseport-schema:/scorm2004-4th/imscp_v1p1.xsd");

    assertThat(input.getSystemId()).isEqualTo("courseport-schema:/scorm2004-4th/xml.xsd");
  }

  @Test
  void anyOtherRemoteOrEscapingLocation_isRefused() {
    assertThatThrownBy(
            () ->
                resolver.resolveResource(
                    TYPE,
                    null,
                    null,
                    "http://169.254.169.254/latest/meta-data/",
                    "courseport-schema:/cmi5/CourseStructure.xsd"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside the bundle");
    assertThatThrownBy(
            () ->
                resolver.resolveResource(
                    TYPE,
                    null,
                    null,
                    "../../../etc/passwd",
                    "courseport-schema:/cmi5/CourseStructure.xsd"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                resolver.resolveResource(
                    TYPE,
                    null,
                    null,
                    "file:///etc/passwd",
                    "courseport-schema:/cmi5/CourseStructure.xsd"))
        .isInstanceOf(IllegalStateException.class);
  }
}

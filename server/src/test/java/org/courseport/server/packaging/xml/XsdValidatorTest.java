package org.courseport.server.packaging.xml;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.testing.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class XsdValidatorTest {
  private final XsdValidator validator = new XsdValidator(SchemaRegistry.shared(), 3, 256);
  private final Findings findings = new Findings();

  private static XmlDocument doc(String xml) {
    Findings ignored = new Findings();
    return new XmlDocumentLoader(InspectionLimits.DEFAULT)
        .parse(xml.getBytes(StandardCharsets.UTF_8), "imsmanifest.xml", ignored)
        .orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(BundledSchema.class)
  void everyBundledSchemaSet_compilesOfflineAndIsCached(BundledSchema schema) {
    assertThat(SchemaRegistry.shared().schema(schema))
        .isNotNull()
        .isSameAs(SchemaRegistry.shared().schema(schema));
  }

  @Test
  void validScorm12Manifest_hasNoFindings() {
    int violations =
        validator.validate(doc(Manifests.singleSco12()), BundledSchema.SCORM_12, findings);

    assertThat(violations).isZero();
    assertThat(findings.list()).isEmpty();
  }

  @Test
  void schemaViolation_isAWarningWithRuleXsdAndLine() {
    String xml =
        Manifests.singleSco12()
            .replace(
                "<organization identifier=\"org\">", "<organization identifier=\"org\">\n<bogus/>");

    validator.validate(doc(xml), BundledSchema.SCORM_12, findings);

    Finding f = findings.list().get(0);
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.rule()).isEqualTo("xsd");
    assertThat(f.line()).isEqualTo(7);
    assertThat(f.message()).contains("bogus").contains("_wrappers/scorm12.xsd");
  }

  @Test
  void manyViolations_areCappedWithASummary() {
    String resources =
        "<resource identifier=\"r1\" type=\"webcontent\" adlcp:scormtype=\"sco\""
            + " href=\"index.html\"/>";
    for (int i = 0; i < 10; i++) {
      resources +=
          "<resource identifier=\"x"
              + i
              + "\" type=\"webcontent\""
              + " adlcp:scormtype=\"bogus\"/>";
    }
    String xml = Manifests.scorm12(Manifests.organization("C", ""), resources);

    int violations = validator.validate(doc(xml), BundledSchema.SCORM_12, findings);

    assertThat(violations).isGreaterThan(3);
    assertThat(findings.list()).hasSize(4);
    assertThat(findings.list().get(3).message()).contains("more violations");
  }

  @Test
  void cmi5CourseStructureWithElementsOutOfOrder_isInvalid() {
    String xml =
        """
        <courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
          <course id="https://example.com/c"><title><langstring lang="en">C</langstring></title>
            <description><langstring lang="en">D</langstring></description></course>
          <au id="https://example.com/au"><url>a.html</url>
            <title><langstring lang="en">A</langstring></title>
            <description><langstring lang="en">D</langstring></description></au>
        </courseStructure>""";

    assertThat(validator.validate(doc(xml), BundledSchema.CMI5, findings)).isPositive();
  }

  @Test
  void schemaLocationHintsInTheDocument_areNeverFetched() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      String hints =
          " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
              + " xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 "
              + base
              + "/a.xsd http://example.com/other "
              + base
              + "/b.xsd\"";
      String xml =
          Manifests.singleSco12()
              .replace("<manifest identifier=\"m1\"", "<manifest identifier=\"m1\"" + hints)
              .replace("<metadata>", "<metadata><x:ext xmlns:x=\"http://example.com/other\"/>");

      validator.validate(doc(xml), BundledSchema.SCORM_12, findings);

      assertThat(requests).hasValue(0);
      assertThat(findings.list()).extracting(Finding::rule).doesNotContain("xsd.unavailable");
    } finally {
      server.stop(0);
    }
  }
}

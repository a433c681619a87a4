package org.courseport.server.packaging.qti;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.testing.MemoryArchive;
import org.courseport.server.packaging.xml.SchemaRegistry;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XsdValidator;
import org.junit.jupiter.api.Test;

class QtiFileChecksTest {
  private static final String ITEM =
      """
      <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
          xmlns:xi="http://www.w3.org/2001/XInclude"
          identifier="Q1" title="Q1" adaptive="false" timeDependent="false">
        <itemBody><xi:include href="../STIMULUS/%s"/></itemBody>
      </assessmentItem>""";
  private static final String TEST =
      """
      <assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="T"
          title="Final test"><testPart identifier="p" navigationMode="linear"
          submissionMode="individual"><assessmentSection identifier="s" title="s" visible="true">
        <assessmentItemRef identifier="a" href="../Q1/qti.xml"/>
        <assessmentItemRef identifier="b" href="../Q2/qti.xml"/>
        <assessmentItemRef identifier="c" href="../Q3/qti.xml"/>
      </assessmentSection></testPart></assessmentTest>""";

  private final Findings findings = new Findings();

  private String run(MemoryArchive archive, List<QtiResource> resources) {
    return new QtiFileChecks(
            archive,
            new XmlDocumentLoader(InspectionLimits.DEFAULT),
            new XsdValidator(SchemaRegistry.shared(), 25, 256),
            findings)
        .run(resources);
  }

  private List<String> rules(Severity severity) {
    return findings.list().stream()
        .filter(f -> f.severity() == severity)
        .map(Finding::rule)
        .toList();
  }

  @Test
  void testReferencesAreResolvedAgainstItemResourcesAndDependencies() {
    MemoryArchive archive =
        new MemoryArchive()
            .with("Q1/qti.xml", ITEM.formatted("s.xml"))
            .with("Q2/qti.xml", ITEM.formatted("s.xml"))
            .with("STIMULUS/s.xml", "<div/>")
            .with("T/test.xml", TEST);

    String title =
        run(
            archive,
            List.of(
                new QtiResource("Q1", "imsqti_item_xmlv2p1", "Q1/qti.xml", List.of()),
                new QtiResource("Q2", "imsqti_item_xmlv2p1", "./Q2/qti.xml", List.of()),
                new QtiResource("T", "imsqti_test_xmlv2p1", "T/test.xml", List.of("Q1"))));

    assertThat(title).isEqualTo("Final test");
    assertThat(rules(Severity.ERROR)).containsExactly("qti.item-ref.unresolved");
    assertThat(
            findings.list().stream()
                .filter(f -> f.severity() == Severity.ERROR)
                .findFirst()
                .orElseThrow()
                .message())
        .contains("../Q3/qti.xml");
    assertThat(rules(Severity.WARNING)).containsExactly("qti.item-ref.undeclared-dependency");
  }

  @Test
  void malformedItem_isAnErrorOnThatFile() {
    MemoryArchive archive = new MemoryArchive().with("Q1/qti.xml", "<assessmentItem title=\"<\">");

    run(archive, List.of(new QtiResource("Q1", "imsqti_item_xmlv2p1", "Q1/qti.xml", List.of())));

    assertThat(findings.list())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("xml.malformed");
              assertThat(f.file()).isEqualTo("Q1/qti.xml");
            });
  }

  @Test
  void missingXIncludeTarget_isWarnedAndPresentOneIsSilent() {
    MemoryArchive archive = new MemoryArchive().with("Q1/qti.xml", ITEM.formatted("gone.xml"));

    run(archive, List.of(new QtiResource("Q1", "imsqti_item_xmlv2p1", "Q1/qti.xml", List.of())));

    assertThat(rules(Severity.WARNING)).containsExactly("manifest.file.missing");
  }
}

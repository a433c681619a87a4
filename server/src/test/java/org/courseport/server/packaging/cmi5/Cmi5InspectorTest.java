package org.courseport.server.packaging.cmi5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.FormatResult;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.testing.MemoryArchive;
import org.courseport.server.packaging.testing.SharedCorpus;
import org.courseport.server.packaging.xml.SchemaRegistry;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XsdValidator;
import org.junit.jupiter.api.Test;

class Cmi5InspectorTest {
  private final Cmi5Inspector inspector =
      new Cmi5Inspector(
          new XmlDocumentLoader(InspectionLimits.DEFAULT),
          new XsdValidator(SchemaRegistry.shared(), 25, 256));
  private final Findings findings = new Findings();

  private static String course(String body) {
    return """
           <?xml version="1.0" encoding="utf-8"?>
           <courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
             <course id="https://example.com/course">
               <title><langstring lang="en-US">Geology</langstring></title>
               <description><langstring lang="en-US">Rocks
                  and more</langstring></description>
             </course>
             %s
           </courseStructure>"""
        .formatted(body);
  }

  private static String au(String id, String url, String attributes) {
    return """
           <au id="%s" %s><title><langstring lang="en">AU %s</langstring></title>
             <description><langstring lang="en">d</langstring></description>
             <url>%s</url></au>"""
        .formatted(id, attributes, id, url);
  }

  private FormatResult inspect(String xml, String... files) {
    MemoryArchive archive = new MemoryArchive().with("cmi5.xml", xml);
    for (String f : files) {
      archive.with(f, "<html/>");
    }
    return inspector.inspect(archive, archive.find("cmi5.xml").orElseThrow(), findings);
  }

  private List<String> errors() {
    return findings.list().stream()
        .filter(f -> f.severity() == Severity.ERROR)
        .map(Finding::rule)
        .toList();
  }

  @Test
  void blocksAndAus_becomeAggregationsAndScosWithUrlsAndScores() {
    FormatResult r =
        inspect(
            course(
                """
                <block id="https://example.com/b1"><title><langstring>Block</langstring></title>
                  <description><langstring>d</langstring></description>
                  %s</block>
                %s"""
                    .formatted(
                        au(
                            "https://example.com/au1",
                            "<![CDATA[ index.html?a=1&b=2 ]]>",
                            "moveOn=\"CompletedAndPassed\" masteryScore=\"0.80\""
                                + " launchMethod=\"AnyWindow\""),
                        au("https://example.com/au2", "https://cdn.example.com/au2/", ""))),
            "index.html");

    assertThat(errors()).isEmpty();
    assertThat(r.format().id()).isEqualTo("cmi5");
    assertThat(r.description().standard()).isEqualTo(LearningStandard.CMI5);
    assertThat(r.description().title()).isEqualTo("Geology");
    assertThat(r.description().description()).isEqualTo("Rocks and more");
    assertThat(r.description().languages()).containsExactly("en-US");
    assertThat(r.description().launchUrl()).isEqualTo("index.html?a=1&b=2");
    assertThat(r.description().scoCount()).isEqualTo(2);
    Activity block = r.description().rootActivity().children().get(0);
    assertThat(block.type()).isEqualTo(ActivityType.AGGREGATION);
    assertThat(block.children().get(0).scaledPassingScore()).isEqualTo("0.8");
    assertThat(r.description().rootActivity().children().get(1).href())
        .isEqualTo("https://cdn.example.com/au2/");
    assertThat(r.schemas()).containsExactly("cmi5/CourseStructure.xsd");
  }

  @Test
  void duplicateAuIds_areRefused() {
    inspect(
        course(
            au("https://example.com/au", "https://x/a", "")
                + au("https://example.com/au", "https://x/b", "")));

    assertThat(errors()).containsExactly("cmi5.au.duplicate");
  }

  @Test
  void blockSharingAnAuId_isRefused() {
    inspect(
        course(
            """
            <block id="https://example.com/x"><title><langstring>B</langstring></title>
              <description><langstring>d</langstring></description>%s</block>"""
                .formatted(au("https://example.com/x", "https://x/a", ""))));

    assertThat(errors()).containsExactly("cmi5.id.duplicate");
  }

  @Test
  void nonIriId_isRefused() {
    inspect(course(au("au-1", "https://x/a", "")));

    assertThat(errors()).containsExactly("cmi5.id.invalid");
  }

  @Test
  void relativeUrlWithoutItsFile_isRefused() {
    inspect(course(au("https://example.com/au", "lesson/index.html?x=1", "")));

    assertThat(errors()).containsExactly("cmi5.au.url.file-missing");
  }

  @Test
  void urlWithSpaceOrReservedParameterOrScript_isInvalid() {
    inspect(
        course(
            au("https://example.com/a", "http://example.com index.html", "")
                + au("https://example.com/b", "https://x/b?endpoint=https://evil", "")
                + au("https://example.com/c", "javascript:alert(1)", "")));

    assertThat(errors())
        .containsExactly("cmi5.au.url.invalid", "cmi5.au.url.invalid", "cmi5.au.url.invalid");
  }

  @Test
  void unresolvedObjectiveReference_isRefused() {
    inspect(
        course(
            """
            <objectives><objective id="https://example.com/o1">
              <title><langstring>O</langstring></title>
              <description><langstring>d</langstring></description></objective></objectives>
            <au id="https://example.com/au"><title><langstring>A</langstring></title>
              <description><langstring>d</langstring></description>
              <objectives><objective idref="https://example.com/o2"/></objectives>
              <url>https://x/a</url></au>"""));

    assertThat(errors()).containsExactly("cmi5.objective.unresolved");
  }

  @Test
  void bareCourseStructureWithRelativeUrl_isRefused() {
    inspector.inspectBare(
        course(au("https://example.com/au", "index.html", "")).getBytes(StandardCharsets.UTF_8),
        "course.xml",
        findings);

    assertThat(errors()).containsExactly("cmi5.au.url.relative");
  }

  @Test
  void corpusDuplicatedAu_isRefusedForTheDuplicate() throws IOException {
    byte[] xml =
        Files.readAllBytes(SharedCorpus.file("cmi5__adl-catapult-lts__205-3-duplicated-au.xml"));

    FormatResult r = inspector.inspectBare(xml, "205-3-duplicated-au.xml", findings);

    assertThat(errors()).containsExactly("cmi5.au.duplicate");
    assertThat(r.description().scoCount()).isEqualTo(2);
    assertThat(r.description().launchUrl()).isEqualTo("http://example.com/index.html");
  }

  @Test
  void corpusInvalidCourseStructure_isRefusedForItsUrlAndWarnedBySchema() throws IOException {
    byte[] xml =
        Files.readAllBytes(
            SharedCorpus.file("cmi5__adl-catapult-lts__207-1-invalid-courseStructure.xml"));

    inspector.inspectBare(xml, "207-1-invalid-courseStructure.xml", findings);

    assertThat(errors()).containsExactly("cmi5.au.url.invalid");
    assertThat(findings.list()).extracting(Finding::rule).contains("xsd");
  }
}

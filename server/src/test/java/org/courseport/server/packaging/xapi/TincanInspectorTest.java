package org.courseport.server.packaging.xapi;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.junit.jupiter.api.Test;

class TincanInspectorTest {
  private final TincanInspector inspector =
      new TincanInspector(new XmlDocumentLoader(InspectionLimits.DEFAULT));
  private final Findings findings = new Findings();

  private static final String TINCAN =
"""
<?xml version="1.0" encoding="utf-8" ?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="http://example.com/course" type="http://adlnet.gov/expapi/activities/course">
      <name lang="en-US">Golf Explained</name>
      <description lang="en-US">Golf for beginners</description>
      <launch lang="en-us">%s</launch>
    </activity>
    <activity id="http://example.com/course/obj1" type="http://adlnet.gov/expapi/activities/objective">
      <name>Etiquette</name>
    </activity>
    <activity id="http://example.com/course/q1" type="http://adlnet.gov/expapi/activities/cmi.interaction">
      <name>Question 1</name>
    </activity>
  </activities>
</tincan>""";

  private FormatResult inspect(String launch, String... files) {
    MemoryArchive archive = new MemoryArchive().with("tincan.xml", TINCAN.formatted(launch));
    for (String f : files) {
      archive.with(f, "<html/>");
    }
    return inspector.inspect(archive, archive.find("tincan.xml").orElseThrow(), findings);
  }

  private List<String> errors() {
    return findings.list().stream()
        .filter(f -> f.severity() == Severity.ERROR)
        .map(Finding::rule)
        .toList();
  }

  @Test
  void courseActivity_givesTitleLaunchAndTree() {
    FormatResult r = inspect("index_lms.html?mode=x", "index_lms.html");

    assertThat(errors()).isEmpty();
    assertThat(r.description().standard()).isEqualTo(LearningStandard.XAPI);
    assertThat(r.description().packageFormat()).isEqualTo("xapi");
    assertThat(r.description().title()).isEqualTo("Golf Explained");
    assertThat(r.description().description()).isEqualTo("Golf for beginners");
    assertThat(r.description().launchUrl()).isEqualTo("index_lms.html?mode=x");
    assertThat(r.description().scoCount()).isEqualTo(1);
    assertThat(r.description().resourceCount()).isEqualTo(3);
    assertThat(r.description().languages()).containsExactly("en-US", "en-us");
    assertThat(r.description().rootActivity().children())
        .extracting(Activity::type)
        .containsExactly(ActivityType.SCO, ActivityType.OBJECTIVE);
  }

  @Test
  void missingLaunchFile_isRefused() {
    inspect("index_lms.html");

    assertThat(errors()).containsExactly("manifest.launch.file-missing");
  }

  @Test
  void noLaunchAtAll_isRefused() {
    inspect("");

    assertThat(errors()).containsExactly("manifest.launch.missing");
  }
}

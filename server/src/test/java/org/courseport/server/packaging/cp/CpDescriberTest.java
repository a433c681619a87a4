package org.courseport.server.packaging.cp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.junit.jupiter.api.Test;

class CpDescriberTest {
  private static PackageDescription describe(String xml, PackageFormat format) {
    return new CpDescriber(CpFixtures.manifest(xml), format, "imsmanifest.xml", new Findings())
        .describe(Lom.EMPTY, "", Map.of("lti", "https://tool.example.com/launch"));
  }

  @Test
  void cartridgeWithoutOrganization_listsResourcesAndLaunchesFirstWebContentFile() {
    PackageDescription d =
        describe(
            """
            <manifest identifier="Sample1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
              <organizations/><resources>
                <resource identifier="R1" type="imsdt_xmlv1p0"><file href="topic.xml"/></resource>
                <resource identifier="R2" type="webcontent"><file href="page_001.htm"/></resource>
              </resources></manifest>""",
            PackageFormat.IMSCC_10);

    assertThat(d.title()).isEqualTo("Sample1");
    assertThat(d.launchUrl()).isEqualTo("page_001.htm");
    assertThat(d.scoCount()).isZero();
    assertThat(d.resourceCount()).isEqualTo(2);
    assertThat(d.rootActivity().children())
        .extracting(Activity::type)
        .containsOnly(ActivityType.ASSET);
  }

  @Test
  void cartridgeItems_launchTheirLinkOrPageAndUntitledRootTakesCourseTitle() {
    PackageDescription d =
        describe(
"""
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">
  <organizations><organization identifier="o"><item identifier="root">
    <item identifier="i1" identifierref="lti"><title>Tool</title></item>
    <item identifier="i2" identifierref="page"><title>Page</title></item>
  </item></organization></organizations>
  <resources>
    <resource identifier="lti" type="imsbasiclti_xmlv1p0"><file href="l.xml"/></resource>
    <resource identifier="page" type="webcontent" href="wiki/p.html"/>
  </resources></manifest>""",
            PackageFormat.IMSCC_11);

    assertThat(d.rootActivity().title()).isEqualTo("m");
    assertThat(d.launchUrl()).isEqualTo("https://tool.example.com/launch");
    assertThat(d.rootActivity().children().get(0).children())
        .extracting(Activity::href)
        .containsExactly("https://tool.example.com/launch", "wiki/p.html");
  }

  @Test
  void qtiPackage_launchesItsTestEvenWhenItemsComeFirst() {
    PackageDescription d =
        describe(
            """
            <manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
              <organizations/><resources>
                <resource identifier="Q1" type="imsqti_item_xmlv2p1" href="q1.xml"/>
                <resource identifier="S" type="webcontent" href="stimulus.html"/>
                <resource identifier="T" type="imsqti_test_xmlv2p1" href="test.xml"/>
              </resources></manifest>""",
            PackageFormat.QTI_21);

    assertThat(d.launchUrl()).isEqualTo("test.xml");
    assertThat(d.rootActivity().children())
        .extracting(Activity::itemIdentifier)
        .containsExactly("Q1", "T");
  }

  @Test
  void defaultOrganizationIsPreferredOverTheFirst() {
    PackageDescription d =
        describe(
            """
            <manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
              <organizations default="b">
                <organization identifier="a"><title>A</title></organization>
                <organization identifier="b"><title>B</title></organization>
              </organizations><resources/></manifest>""",
            PackageFormat.SCORM_2004_3RD);

    assertThat(d.title()).isEqualTo("B");
  }
}

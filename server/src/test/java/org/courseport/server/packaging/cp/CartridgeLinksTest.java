package org.courseport.server.packaging.cp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.testing.MemoryArchive;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.junit.jupiter.api.Test;

class CartridgeLinksTest {
  private static final String MANIFEST =
"""
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">
  <organizations/><resources>
    <resource identifier="lti" type="imsbasiclti_xmlv1p0"><file href="lti/link.xml"/></resource>
    <resource identifier="web" type="imswl_xmlv1p1"><file href="web/link.xml"/></resource>
    <resource identifier="bad" type="imswl_xmlv1p1"><file href="web/bad.xml"/></resource>
    <resource identifier="page" type="webcontent" href="a.html"/>
  </resources></manifest>""";

  @Test
  void ltiAndWebLinkDescriptors_giveLaunchUrls() {
    MemoryArchive archive =
        new MemoryArchive()
            .with(
                "lti/link.xml",
                """
                <cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p0"
                    xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0">
                  <blti:title>Tool</blti:title>
                  <blti:launch_url>http://tool.example.com/launch</blti:launch_url>
                  <blti:secure_launch_url>https://tool.example.com/launch</blti:secure_launch_url>
                </cartridge_basiclti_link>""")
            .with(
                "web/link.xml",
                """
                <webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1">
                  <title>Docs</title><url href="https://docs.example.com/"/></webLink>""")
            .with("web/bad.xml", "<webLink><url href=\"javascript:alert(1)\"/>");
    Findings findings = new Findings();

    Map<String, String> links =
        new CartridgeLinks(archive, new XmlDocumentLoader(InspectionLimits.DEFAULT), findings)
            .read(CpFixtures.manifest(MANIFEST));

    assertThat(links)
        .containsOnly(
            Map.entry("lti", "https://tool.example.com/launch"),
            Map.entry("web", "https://docs.example.com/"));
    assertThat(findings.list())
        .singleElement()
        .satisfies(f -> assertThat(f.rule()).isEqualTo("cc.link.unreadable"));
  }
}

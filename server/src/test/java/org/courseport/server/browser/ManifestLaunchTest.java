package org.courseport.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the test LMS reads from a manifest to launch a package. */
class ManifestLaunchTest {

  @Test
  void scorm12LaunchesTheFirstScoWithItsMasteryScore() {
    ManifestLaunch launch = ManifestLaunch.read(HandBuiltPackages.scorm12());

    assertThat(launch.runtime()).isEqualTo(ScormRuntime.SCORM12);
    assertThat(launch.href()).isEqualTo("sco/index.html");
    assertThat(launch.initialCmi())
        .containsExactlyEntriesOf(Map.of("cmi.student_data.mastery_score", "80"));
  }

  @Test
  void scorm2004TakesThePrimaryObjectivesMinimumMeasure() {
    ManifestLaunch launch = ManifestLaunch.read(HandBuiltPackages.scorm2004());

    assertThat(launch.runtime()).isEqualTo(ScormRuntime.SCORM2004);
    assertThat(launch.href()).isEqualTo("index.html");
    assertThat(launch.initialCmi())
        .containsExactlyEntriesOf(Map.of("cmi.scaled_passing_score", "0.8"));
  }

  @Test
  void itemParametersAreAppendedAndNestedItemsFound() {
    ScormPackage pkg =
        ScormPackage.ofText(
            Map.of(
                "imsmanifest.xml",
                """
                <manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">
                  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
                  <organizations default="b">
                    <organization identifier="a"><item identifier="x" identifierref="r1"/></organization>
                    <organization identifier="b">
                      <item identifier="folder"><item identifier="y" identifierref="r2" parameters="page=2"/></item>
                    </organization>
                  </organizations>
                  <resources>
                    <resource identifier="r1" type="webcontent" href="one.html"/>
                    <resource identifier="r2" type="webcontent" href="two.html"/>
                  </resources>
                </manifest>
                """));

    ManifestLaunch launch = ManifestLaunch.read(pkg);

    assertThat(launch.href()).isEqualTo("two.html?page=2");
    assertThat(launch.initialCmi()).isEmpty();
  }

  @Test
  void refusesDoctypesAndPackagesWithoutAManifest() {
    ScormPackage doctype =
        ScormPackage.ofText(
            Map.of(
                "imsmanifest.xml",
                "<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><manifest>&x;</manifest>"));
    assertThatThrownBy(() -> ManifestLaunch.read(doctype))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("imsmanifest.xml is not readable XML");
    assertThatThrownBy(() -> ManifestLaunch.read(ScormPackage.ofText(Map.of("a.html", "a"))))
        .hasMessage("the package has no imsmanifest.xml");
  }
}

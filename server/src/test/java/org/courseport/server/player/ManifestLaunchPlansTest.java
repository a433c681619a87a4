package org.courseport.server.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.zip.ZipLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Launch plans of hand-built packages, stored in a real blob store and described by the real import
 * inspection: items, depth, hrefs (xml:base, top-level folder, repairs, parameters), the SCORM 1.2
 * and 2004 item fields, controlMode defaults, unsupported formats and the cache.
 */
class ManifestLaunchPlansTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String SCORM12 =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <manifest identifier="m12" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xml:base="content/">
        <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
        <organizations default="org1">
          <organization identifier="org0"><title>Not the default</title>
            <item identifier="x" identifierref="r3"><title>X</title></item>
          </organization>
          <organization identifier="org1">
            <title>Organization title</title>
            <item identifier="module">
              <title>Module</title>
              <item identifier="sco1" identifierref="r1" parameters="?lesson=1">
                <title>Lesson 1</title>
                <adlcp:prerequisites type="aicc_script">asset1</adlcp:prerequisites>
                <adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>
                <adlcp:timelimitaction>exit,message</adlcp:timelimitaction>
                <adlcp:datafromlms>start=1</adlcp:datafromlms>
                <adlcp:masteryscore>80</adlcp:masteryscore>
              </item>
              <item identifier="asset1" identifierref="r2" isvisible="false">
                <title>Glossary</title>
              </item>
            </item>
            <item identifier="sco2" identifierref="r3" parameters="#page2"><title>Lesson 2</title></item>
          </organization>
        </organizations>
        <resources xml:base="pages/">
          <resource identifier="r1" type="webcontent" adlcp:scormtype="sco"
              href="Lesson1\\Index.HTML?mode=normal"><file href="Lesson1/Index.HTML"/></resource>
          <resource identifier="r2" type="webcontent" adlcp:scormtype="asset"
              href="glossary%20page.html"/>
          <resource identifier="r3" type="webcontent" adlcp:scormtype="sco" xml:base="two/"
              href="lesson2.html"/>
        </resources>
      </manifest>
      """;

  static final String SCORM2004_3RD =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <manifest identifier="m2004" version="1"
          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
          xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
        <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
        <organizations default="org">
          <organization identifier="org">
            <title>Course</title>
            <item identifier="a" identifierref="ra">
              <title>A</title>
              <adlcp:timeLimitAction>continue,no message</adlcp:timeLimitAction>
              <adlcp:dataFromLMS>a-data</adlcp:dataFromLMS>
              <adlcp:completionThreshold>0.6</adlcp:completionThreshold>
              <imsss:sequencing IDRef="scored"/>
            </item>
            <item identifier="b" identifierref="rb"><title>B</title></item>
          </organization>
        </organizations>
        <resources>
          <resource identifier="ra" type="webcontent" adlcp:scormType="sco" href="a.html"/>
          <resource identifier="rb" type="webcontent" adlcp:scormType="asset" href="b.html"/>
        </resources>
        <imsss:sequencingCollection>
          <imsss:sequencing ID="scored">
            <imsss:objectives>
              <imsss:primaryObjective objectiveID="pass" satisfiedByMeasure="true">
                <imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure>
              </imsss:primaryObjective>
            </imsss:objectives>
          </imsss:sequencing>
        </imsss:sequencingCollection>
      </manifest>
      """;

  static final String SCORM2004_4TH =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <manifest identifier="m4" version="1"
          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
        <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
        <organizations default="org">
          <organization identifier="org">
            <title>Course</title>
            <item identifier="measured" identifierref="r">
              <title>Measured</title>
              <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.75"/>
              <imsss:sequencing>
                <imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true"/>
                </imsss:objectives>
              </imsss:sequencing>
            </item>
            <item identifier="weighted" identifierref="r" parameters="x=2">
              <title>Weighted</title>
              <adlcp:completionThreshold progressWeight="0.4" minProgressMeasure="0.5"/>
            </item>
            <imsss:sequencing><imsss:controlMode choice="false" flow="true"/></imsss:sequencing>
          </organization>
        </organizations>
        <resources>
          <resource identifier="r" type="webcontent" adlcp:scormType="sco" href="sco.html?a=1#top"/>
        </resources>
      </manifest>
      """;

  @TempDir Path dir;
  PlanFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new PlanFixture(dir);
  }

  @Test
  void scorm12_itemsInDocumentOrderWithDepthHrefsAndItemFields() throws Exception {
    // The package sits in a top-level folder; files are stored in lower case with a space.
    byte[] zip =
        PlanFixture.zip(
            PlanFixture.files(
                "course/imsmanifest.xml",
                SCORM12,
                "course/content/pages/lesson1/index.html",
                "course/content/pages/glossary page.html",
                "course/content/pages/two/lesson2.html"));
    CourseVersion v = fixture.version("My course", zip);

    LaunchPlan plan = fixture.plans.planFor(v);

    assertThat(plan.supported()).isTrue();
    assertThat(plan.standard()).isEqualTo("scorm12");
    assertThat(plan.title()).isEqualTo("My course");
    assertThat(plan.sequencingJson()).isNull();
    assertThat(plan.choice()).isTrue();
    assertThat(plan.flow()).isTrue();
    assertThat(plan.items())
        .containsExactly(
            new PlanItem(
                "module", "Module", 0, null, false, true, null, null, null, null, null, null),
            new PlanItem(
                "sco1",
                "Lesson 1",
                1,
                "content/pages/lesson1/index.html?mode=normal&lesson=1",
                true,
                true,
                "start=1",
                "80",
                "00:30:00",
                "exit,message",
                null,
                null),
            new PlanItem(
                "asset1",
                "Glossary",
                1,
                "content/pages/glossary page.html",
                false,
                false,
                null,
                null,
                null,
                null,
                null,
                null),
            new PlanItem(
                "sco2",
                "Lesson 2",
                0,
                "content/pages/two/lesson2.html#page2",
                true,
                true,
                null,
                null,
                null,
                null,
                null,
                null));
    assertThat(plan.launchable())
        .extracting(PlanItem::id)
        .containsExactly("sco1", "asset1", "sco2");
  }

  @Test
  void scorm2004_itemFieldsAndCollectionPassingScore_controlModeDefaultsChoiceWithoutFlow()
      throws Exception {
    CourseVersion v =
        fixture.version(
            "2004",
            PlanFixture.zip(
                PlanFixture.files("imsmanifest.xml", SCORM2004_3RD, "a.html", "b.html")));

    LaunchPlan plan = fixture.plans.planFor(v);

    assertThat(v.description().packageFormat()).isEqualTo("scorm-2004-3rd");
    assertThat(plan.standard()).isEqualTo("scorm2004");
    assertThat(plan.items())
        .containsExactly(
            new PlanItem(
                "a",
                "A",
                0,
                "a.html",
                true,
                true,
                "a-data",
                null,
                null,
                "continue,no message",
                "0.6",
                "0.7"),
            new PlanItem("b", "B", 0, "b.html", false, true, null, null, null, null, null, null));
    // IMS SS defaults: choice on, flow off (no previous/next unless the package asks for flow).
    assertThat(plan.choice()).isTrue();
    assertThat(plan.flow()).isFalse();
    JsonNode root = JSON.readTree(plan.sequencingJson()).get("activityTree");
    assertThat(root.get("id").asText()).isEqualTo("org");
    assertThat(root.at("/sequencingControls/flow").asBoolean(true)).isFalse();
    assertThat(root.at("/sequencingControls/choice").asBoolean()).isTrue();
    assertThat(root.at("/children/0/primaryObjective/minNormalizedMeasure").asDouble())
        .isEqualTo(0.7);
    assertThat(root.at("/children/0/completionThreshold").toString())
        .isEqualTo("{\"completedByMeasure\":true,\"minProgressMeasure\":0.6}");
  }

  @Test
  void scorm2004_4th_thresholdOnlyWhenCompletedByMeasure_organizationControlMode()
      throws Exception {
    CourseVersion v =
        fixture.version(
            "4th",
            PlanFixture.zip(PlanFixture.files("imsmanifest.xml", SCORM2004_4TH, "sco.html")));

    LaunchPlan plan = fixture.plans.planFor(v);

    assertThat(v.description().packageFormat()).isEqualTo("scorm-2004-4th");
    assertThat(plan.choice()).isFalse();
    assertThat(plan.flow()).isTrue();
    PlanItem measured = plan.items().get(0);
    assertThat(measured.completionThreshold()).isEqualTo("0.75");
    assertThat(measured.scaledPassingScore()).isEqualTo("1");
    assertThat(measured.href()).isEqualTo("sco.html?a=1#top");
    PlanItem weighted = plan.items().get(1);
    assertThat(weighted.completionThreshold()).isNull();
    assertThat(weighted.scaledPassingScore()).isNull();
    assertThat(weighted.href()).isEqualTo("sco.html?a=1&x=2#top");
    JsonNode tree = JSON.readTree(plan.sequencingJson()).get("activityTree");
    assertThat(tree.at("/children/1/completionThreshold").toString())
        .isEqualTo(
            "{\"completedByMeasure\":false,\"minProgressMeasure\":0.5,\"progressWeight\":0.4}");
  }

  @Test
  void resourcesThatLeaveThePackageOrAreAbsoluteUrls_areNotLaunchable() throws Exception {
    String manifest =
        SCORM12
            .replace("href=\"glossary%20page.html\"", "href=\"../../../outside.html\"")
            .replace("href=\"lesson2.html\"", "href=\"https://example.com/x\"");
    CourseVersion v =
        fixture.version(
            "escape",
            PlanFixture.zip(
                PlanFixture.files(
                    "imsmanifest.xml", manifest, "content/pages/lesson1/index.html")));

    LaunchPlan plan = fixture.plans.planFor(v);

    assertThat(plan.items())
        .extracting(PlanItem::id, PlanItem::href)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("module", null),
            org.assertj.core.groups.Tuple.tuple(
                "sco1", "content/pages/lesson1/index.html?mode=normal&lesson=1"),
            org.assertj.core.groups.Tuple.tuple("asset1", null),
            org.assertj.core.groups.Tuple.tuple("sco2", null));
  }

  @Test
  void plainImsContentPackage_launchesItsResourcesAsAssets() throws Exception {
    String manifest =
        """
        <manifest identifier="cp" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
          <organizations/>
          <resources>
            <resource identifier="page" type="webcontent" href="Page.html"><file href="Page.html"/></resource>
          </resources>
        </manifest>
        """;
    CourseVersion v =
        fixture.version(
            "cp", PlanFixture.zip(PlanFixture.files("imsmanifest.xml", manifest, "Page.html")));

    LaunchPlan plan = fixture.plans.planFor(v);

    assertThat(v.description().packageFormat()).isEqualTo("imscp");
    assertThat(plan.standard()).isEqualTo("scorm12");
    assertThat(plan.items())
        .containsExactly(
            new PlanItem(
                "page", "page", 0, "Page.html", false, true, null, null, null, null, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cmi5|cmi5 courses need an LRS",
        "xapi|xAPI (Tin Can) courses need an LRS",
        "aicc|HACP, which Courseport does not support",
        "imscc-1.3|Common Cartridge packages are not launchable SCORM packages",
        "qti-2.1|QTI packages hold tests and items",
        "media|Media courses",
        "lti-1.3|Courses of the format 'lti-1.3' cannot be launched"
      })
  void otherFormats_getAnUnsupportedPlanWithAReason_withoutReadingThePackage(
      String format, String reason) {
    LaunchPlan plan = fixture.plans.planFor(described(format, "no-such-blob"));

    assertThat(plan.supported()).isFalse();
    assertThat(plan.standard()).isEqualTo("unsupported");
    assertThat(plan.title()).isEqualTo("Course " + format);
    assertThat(plan.items()).isEmpty();
    assertThat(plan.unsupportedReason()).contains(reason).contains("not");
    assertThat(fixture.plans.reads()).isZero();
  }

  @Test
  void aStoredZipWithoutManifest_isUnsupported_andAMissingBlobIsAStorageFailure() throws Exception {
    String blobId;
    try (var w = fixture.blobs.newWriter()) {
      w.stream().write(PlanFixture.zip(Map.of("index.html", "<html></html>")));
      blobId = w.commit();
    }
    LaunchPlan plan = fixture.plans.planFor(described("scorm-1.2", blobId));
    assertThat(plan.unsupportedReason())
        .isEqualTo("The stored package has no imsmanifest.xml, so there is nothing to launch");

    assertThatThrownBy(() -> fixture.plans.planFor(described("scorm-1.2", "0".repeat(64))))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot be read");
  }

  @Test
  void plansAreCachedByBlob_titleFromTheVersion_leastRecentlyUsedEvicted() throws Exception {
    ManifestLaunchPlans plans = new ManifestLaunchPlans(fixture.blobs, ZipLimits.defaults(), 2);
    CourseVersion a =
        fixture.version(
            "A",
            PlanFixture.zip(
                PlanFixture.files("imsmanifest.xml", SCORM2004_3RD, "a.html", "b.html")));
    CourseVersion b =
        fixture.version(
            "B", PlanFixture.zip(PlanFixture.files("imsmanifest.xml", SCORM2004_4TH, "sco.html")));
    CourseVersion c =
        fixture.version(
            "C",
            PlanFixture.zip(
                PlanFixture.files("imsmanifest.xml", SCORM2004_4TH, "sco.html", "extra.html")));
    CourseVersion aRenamed =
        new CourseVersion(
            "t2",
            "other",
            3,
            "A renamed",
            a.blobId(),
            a.packageSize(),
            "x.zip",
            a.description(),
            a.report(),
            a.created(),
            a.updated());

    LaunchPlan first = plans.planFor(a);
    LaunchPlan again = plans.planFor(aRenamed);
    assertThat(plans.reads()).isEqualTo(1);
    assertThat(first.title()).isEqualTo("A");
    assertThat(again.title()).isEqualTo("A renamed");
    assertThat(again.items()).isEqualTo(first.items());

    plans.planFor(b);
    plans.planFor(a); // a is now the most recently used
    plans.planFor(c); // evicts b
    assertThat(plans.reads()).isEqualTo(3);
    plans.planFor(a);
    assertThat(plans.reads()).isEqualTo(3);
    plans.planFor(b);
    assertThat(plans.reads()).isEqualTo(4);
  }

  @Test
  void aVersionWithoutDescription_isUnsupported() {
    CourseVersion v = described("scorm-1.2", "x");
    CourseVersion bare =
        new CourseVersion(
            "t", "c", 0, "Bare", "x", 0, "x.zip", null, null, Instant.EPOCH, Instant.EPOCH);
    assertThat(fixture.plans.planFor(bare).unsupportedReason()).contains("no package description");
    assertThat(v.title()).isEqualTo("Course scorm-1.2");
  }

  private static CourseVersion described(String format, String blobId) {
    PackageDescription d =
        new PackageDescription(
            LearningStandard.UNKNOWN,
            format,
            "Package title",
            "",
            "index.html",
            1,
            1,
            null,
            null,
            List.of(),
            "imsmanifest.xml");
    return new CourseVersion(
        "t", "c", 0, "Course " + format, blobId, 0, "x.zip", d, null, Instant.EPOCH, Instant.EPOCH);
  }
}

package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.assertFails;
import static org.courseport.server.grpc.GrpcFixtures.awaitJob;
import static org.courseport.server.grpc.GrpcFixtures.blobPath;
import static org.courseport.server.grpc.GrpcFixtures.download;
import static org.courseport.server.grpc.GrpcFixtures.importCourse;
import static org.courseport.server.grpc.GrpcFixtures.metadata;
import static org.courseport.server.grpc.GrpcFixtures.noise;
import static org.courseport.server.grpc.GrpcFixtures.tenantId;
import static org.courseport.server.grpc.GrpcFixtures.upload;
import static org.courseport.server.grpc.GrpcFixtures.utf8;
import static org.courseport.server.grpc.GrpcFixtures.withFiles;
import static org.courseport.server.testing.CourseportServerExtension.KEY;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.courseport.api.v1.BatchTags;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceBlockingStub;
import org.courseport.api.v1.DeleteCourseRequest;
import org.courseport.api.v1.DeleteCourseTagsRequest;
import org.courseport.api.v1.DeleteCourseVersionRequest;
import org.courseport.api.v1.FileListItem;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseFileListRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCourseTagsRequest;
import org.courseport.api.v1.GetCourseVersionsRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.GetImportJobStatusRequest;
import org.courseport.api.v1.GetValidationReportRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.PutCourseTagsBatchRequest;
import org.courseport.api.v1.PutCourseTagsRequest;
import org.courseport.api.v1.SetCourseConfigurationRequest;
import org.courseport.api.v1.SetCourseTitleRequest;
import org.courseport.api.v1.SettingsIndividual;
import org.courseport.api.v1.SettingsPost;
import org.courseport.api.v1.TagList;
import org.courseport.api.v1.Title;
import org.courseport.api.v1.ValidationFinding;
import org.courseport.api.v1.ValidationReport;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The course RPCs through the real server: read, versions, deletes with their cascades, title,
 * tags, package files, zip and validation report.
 */
class CourseGrpcServiceCourseTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final CourseServiceBlockingStub stub = server.blocking(KEY);

  // --- GetCourse

  @Test
  void getCourse_withoutVersion_returnsLatestVersion() {
    importCourse(server, KEY, "latest", TestPackages.scorm12("Old title"));
    importCourse(server, KEY, "latest", TestPackages.scorm2004("New title"), true);

    Course course = getCourse("latest");

    assertThat(course.getId()).isEqualTo("latest");
    assertThat(course.getVersion()).isEqualTo(1);
    assertThat(course.getTitle()).isEqualTo("New title");
    assertThat(course.getCourseLearningStandard())
        .isEqualTo(Course.LearningStandard.SCORM20044THEDITION);
    assertThat(course.getPackageFormat()).isEqualTo("scorm-2004-4th");
    assertThat(course.getLaunchUrl()).isEqualTo("one.html");
    assertThat(course.getRootActivity().getChildren(0).getChildrenList())
        .extracting(a -> a.getItemIdentifier())
        .containsExactly("I1", "I2");
    assertThat(course.hasCreated()).isTrue();
    assertThat(course.hasUpdated()).isTrue();
    assertThat(course.getDispatched()).isFalse();
    assertThat(course.hasMetadata()).isFalse();
    assertThat(course.hasRegistrationCount()).isFalse();
  }

  @Test
  void getCourse_withVersion_returnsThatVersion() {
    importCourse(server, KEY, "pinned", TestPackages.scorm12("First"));
    importCourse(server, KEY, "pinned", TestPackages.scorm2004("Second"), true);

    Course v0 =
        stub.getCourse(GetCourseRequest.newBuilder().setCourseId("pinned").setVersionId(0).build());

    assertThat(v0.getVersion()).isZero();
    assertThat(v0.getTitle()).isEqualTo("First");
    assertThat(v0.getCourseLearningStandard()).isEqualTo(Course.LearningStandard.SCORM12);
  }

  @Test
  void getCourse_includeFlags_addMetadataAndRegistrationCount() {
    importCourse(server, KEY, "included", TestPackages.scorm12("Included"));

    Course course =
        stub.getCourse(
            GetCourseRequest.newBuilder()
                .setCourseId("included")
                .setIncludeCourseMetadata(true)
                .setIncludeRegistrationCount(true)
                .build());

    assertThat(course.hasMetadata()).isTrue();
    assertThat(course.hasRegistrationCount()).isTrue();
    assertThat(course.getRegistrationCount()).isZero();
  }

  @Test
  void getCourse_unknownVersion_returnsNotFound() {
    importCourse(server, KEY, "one-version", TestPackages.scorm12("One"));

    var e =
        assertFails(
            () ->
                stub.getCourse(
                    GetCourseRequest.newBuilder()
                        .setCourseId("one-version")
                        .setVersionId(7)
                        .build()),
            Status.Code.NOT_FOUND,
            "VERSION_NOT_FOUND");

    assertThat(e.getStatus().getDescription()).contains("7").contains("one-version");
  }

  @Test
  void getCourse_negativeVersion_returnsInvalidArgument() {
    importCourse(server, KEY, "negative", TestPackages.scorm12("N"));

    var e =
        assertFails(
            () ->
                stub.getCourse(
                    GetCourseRequest.newBuilder().setCourseId("negative").setVersionId(-1).build()),
            Status.Code.INVALID_ARGUMENT,
            "PARAMETER_INVALID");

    assertThat(e.getStatus().getDescription()).contains("versionId");
  }

  @Test
  void getCourse_unknownCourse_returnsNotFound() {
    var e =
        assertFails(() -> getCourse("never-imported"), Status.Code.NOT_FOUND, "COURSE_NOT_FOUND");

    assertThat(e.getStatus().getDescription()).contains("never-imported");
  }

  @Test
  void everyCourseRpc_otherTenantsCourse_returnsNotFound() {
    importCourse(server, KEY, "private", TestPackages.scorm12("Private"));
    CourseServiceBlockingStub other = server.blocking(server.newTenant());

    assertFails(
        () -> other.getCourse(GetCourseRequest.newBuilder().setCourseId("private").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () ->
            other.getCourseVersions(
                GetCourseVersionsRequest.newBuilder().setCourseId("private").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () ->
            other.setCourseTitle(
                SetCourseTitleRequest.newBuilder()
                    .setCourseId("private")
                    .setTitle(Title.newBuilder().setTitle("Stolen"))
                    .build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () ->
            other.putCourseTags(
                PutCourseTagsRequest.newBuilder()
                    .setCourseId("private")
                    .setTags(TagList.newBuilder().addTags("x"))
                    .build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () ->
            download(
                other.getCourseZip(
                    GetCourseZipRequest.newBuilder().setCourseId("private").build())),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () -> other.deleteCourse(DeleteCourseRequest.newBuilder().setCourseId("private").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    assertFails(
        () ->
            other.deleteCourseVersion(
                DeleteCourseVersionRequest.newBuilder()
                    .setCourseId("private")
                    .setVersionId(0)
                    .build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");

    Course mine = getCourse("private");
    assertThat(mine.getTitle()).isEqualTo("Private");
    assertThat(mine.getTagsList()).isEmpty();
  }

  // --- GetCourseVersions

  @Test
  void getCourseVersions_listsOldestFirstAndFiltersByUpdateTime() {
    for (int i = 0; i < 3; i++) {
      importCourse(server, KEY, "history", TestPackages.scorm12("V" + i), i > 0);
    }

    List<Course> all = versions(GetCourseVersionsRequest.newBuilder().setCourseId("history"));

    assertThat(all).extracting(Course::getVersion).containsExactly(0, 1, 2);
    assertThat(all).extracting(Course::getTitle).containsExactly("V0", "V1", "V2");
    String middle = iso(all.get(1).getUpdated());
    assertThat(
            versions(GetCourseVersionsRequest.newBuilder().setCourseId("history").setSince(middle)))
        .extracting(Course::getVersion)
        .containsExactly(1, 2);
    assertThat(
            versions(GetCourseVersionsRequest.newBuilder().setCourseId("history").setUntil(middle)))
        .extracting(Course::getVersion)
        .containsExactly(0, 1);
    assertThat(
            versions(
                GetCourseVersionsRequest.newBuilder()
                    .setCourseId("history")
                    .setSince(middle)
                    .setUntil(middle)))
        .extracting(Course::getVersion)
        .containsExactly(1);
  }

  @Test
  void getCourseVersions_includeFlags_addMetadataAndRegistrationCountToEachVersion() {
    importCourse(server, KEY, "versions-included", TestPackages.scorm12("I0"));
    importCourse(server, KEY, "versions-included", TestPackages.scorm12("I1"), true);

    List<Course> plain =
        versions(GetCourseVersionsRequest.newBuilder().setCourseId("versions-included"));
    List<Course> rich =
        versions(
            GetCourseVersionsRequest.newBuilder()
                .setCourseId("versions-included")
                .setIncludeCourseMetadata(true)
                .setIncludeRegistrationCount(true));

    assertThat(plain)
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.hasMetadata()).isFalse();
              assertThat(c.hasRegistrationCount()).isFalse();
            });
    assertThat(rich)
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.hasMetadata()).isTrue();
              assertThat(c.hasRegistrationCount()).isTrue();
            });
  }

  @Test
  void getCourseVersions_badSince_returnsInvalidArgumentNamingIt() {
    importCourse(server, KEY, "bad-since", TestPackages.scorm12("B"));

    var e =
        assertFails(
            () ->
                stub.getCourseVersions(
                    GetCourseVersionsRequest.newBuilder()
                        .setCourseId("bad-since")
                        .setSince("yesterday")
                        .build()),
            Status.Code.INVALID_ARGUMENT,
            "PARAMETER_INVALID");

    assertThat(e.getStatus().getDescription()).contains("since").contains("yesterday");
  }

  @Test
  void getCourseVersions_unknownCourse_returnsNotFound() {
    assertFails(
        () ->
            stub.getCourseVersions(
                GetCourseVersionsRequest.newBuilder().setCourseId("no-versions").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  // --- DeleteCourseVersion

  @Test
  void deleteCourseVersion_latest_makesPreviousLatestAndDropsItsBlobAndSettings() {
    byte[] v0 = TestPackages.scorm12("Zero");
    byte[] v1 = TestPackages.scorm12("One");
    importCourse(server, KEY, "drop-latest", v0);
    importCourse(server, KEY, "drop-latest", v1, true);
    setVersionSetting("drop-latest", 1, "PlayerLaunchType", "NEW_WINDOW");

    stub.deleteCourseVersion(
        DeleteCourseVersionRequest.newBuilder().setCourseId("drop-latest").setVersionId(1).build());

    Course course = getCourse("drop-latest");
    assertThat(course.getVersion()).isZero();
    assertThat(course.getTitle()).isEqualTo("Zero");
    assertThat(versions(GetCourseVersionsRequest.newBuilder().setCourseId("drop-latest")))
        .extracting(Course::getVersion)
        .containsExactly(0);
    assertThat(blobPath(server, v1)).doesNotExist();
    assertThat(blobPath(server, v0)).exists();
    assertThat(settingsAt(SettingScope.version(defaultTenant(), "drop-latest", 1))).isEmpty();
    assertFails(
        () ->
            stub.getCourse(
                GetCourseRequest.newBuilder().setCourseId("drop-latest").setVersionId(1).build()),
        Status.Code.NOT_FOUND,
        "VERSION_NOT_FOUND");
  }

  @Test
  void deleteCourseVersion_notTheLatest_keepsLatestAndTheBlobSharedWithIt() {
    byte[] same = TestPackages.scorm12("Same bytes");
    importCourse(server, KEY, "drop-middle", TestPackages.scorm12("Middle 0"));
    importCourse(server, KEY, "drop-middle", same, true);
    importCourse(server, KEY, "drop-middle", same, true);

    stub.deleteCourseVersion(
        DeleteCourseVersionRequest.newBuilder().setCourseId("drop-middle").setVersionId(1).build());

    assertThat(getCourse("drop-middle").getVersion()).isEqualTo(2);
    assertThat(versions(GetCourseVersionsRequest.newBuilder().setCourseId("drop-middle")))
        .extracting(Course::getVersion)
        .containsExactly(0, 2);
    assertThat(blobPath(server, same)).exists();
    assertThat(
            download(
                    stub.getCourseZip(
                        GetCourseZipRequest.newBuilder()
                            .setCourseId("drop-middle")
                            .setVersionId(2)
                            .build()))
                .bytes())
        .isEqualTo(same);
  }

  @Test
  void deleteCourseVersion_latest_listingFiltersAndSortsByThePreviousVersionsTitle() {
    String key = server.newTenant();
    importCourse(server, key, "retitle-by-delete", TestPackages.scorm12("Mango"));
    importCourse(server, key, "retitle-by-delete", TestPackages.scorm12("Zucchini"), true);
    importCourse(server, key, "neighbour", TestPackages.scorm12("Peach"));

    server
        .blocking(key)
        .deleteCourseVersion(
            DeleteCourseVersionRequest.newBuilder()
                .setCourseId("retitle-by-delete")
                .setVersionId(1)
                .build());

    var listing = server.blocking(key);
    assertThat(
            listing
                .getCourses(
                    GetCoursesRequest.newBuilder().setFilter("mango").setFilterBy("title").build())
                .getCoursesList())
        .extracting(Course::getId)
        .containsExactly("retitle-by-delete");
    assertThat(
            listing
                .getCourses(
                    GetCoursesRequest.newBuilder()
                        .setFilter("zucchini")
                        .setFilterBy("title")
                        .build())
                .getCoursesList())
        .isEmpty();
    assertThat(
            listing
                .getCourses(GetCoursesRequest.newBuilder().setOrderBy("title_asc").build())
                .getCoursesList())
        .extracting(Course::getTitle)
        .containsExactly("Mango", "Peach");
  }

  @Test
  void deleteCourseVersion_thenImport_neverReusesTheNumber() {
    importCourse(server, KEY, "no-reuse", TestPackages.scorm12("A"));
    importCourse(server, KEY, "no-reuse", TestPackages.scorm12("B"), true);
    stub.deleteCourseVersion(
        DeleteCourseVersionRequest.newBuilder().setCourseId("no-reuse").setVersionId(1).build());

    Course next = importCourse(server, KEY, "no-reuse", TestPackages.scorm12("C"), true);

    assertThat(next.getVersion()).isEqualTo(2);
  }

  @Test
  void deleteCourseVersion_onlyVersion_deletesTheCourse() {
    byte[] zip = TestPackages.scorm12("Only");
    importCourse(server, KEY, "only-version", zip);

    stub.deleteCourseVersion(
        DeleteCourseVersionRequest.newBuilder()
            .setCourseId("only-version")
            .setVersionId(0)
            .build());

    assertFails(() -> getCourse("only-version"), Status.Code.NOT_FOUND, "COURSE_NOT_FOUND");
    assertThat(blobPath(server, zip)).doesNotExist();
    assertThat(server.server().services().store().courses().find(defaultTenant(), "only-version"))
        .isEmpty();
    assertThat(importCourse(server, KEY, "only-version", zip).getVersion()).isZero();
  }

  @Test
  void deleteCourseVersion_unknownVersion_returnsNotFoundAndKeepsTheCourse() {
    importCourse(server, KEY, "keep-me", TestPackages.scorm12("Keep"));

    assertFails(
        () ->
            stub.deleteCourseVersion(
                DeleteCourseVersionRequest.newBuilder()
                    .setCourseId("keep-me")
                    .setVersionId(3)
                    .build()),
        Status.Code.NOT_FOUND,
        "VERSION_NOT_FOUND");

    assertThat(getCourse("keep-me").getVersion()).isZero();
  }

  // --- DeleteCourse

  @Test
  void deleteCourse_removesVersionsJobsSettingsTagsAndBlobs() {
    byte[] v0 = TestPackages.scorm12("Doomed 0");
    byte[] v1 = TestPackages.scorm2004("Doomed 1");
    String job0 = upload(server, KEY, metadata("doomed"), v0);
    awaitJob(server, KEY, job0);
    String job1 = upload(server, KEY, metadata("doomed").setMayCreateNewVersion(true), v1);
    awaitJob(server, KEY, job1);
    stub.putCourseTags(
        PutCourseTagsRequest.newBuilder()
            .setCourseId("doomed")
            .setTags(TagList.newBuilder().addTags("gone"))
            .build());
    stub.setCourseConfiguration(
        SetCourseConfigurationRequest.newBuilder()
            .setCourseId("doomed")
            .setConfiguration(post("PlayerLaunchType", "NEW_WINDOW"))
            .build());
    setVersionSetting("doomed", 0, "PlayerAutoCommitSeconds", "30");

    stub.deleteCourse(DeleteCourseRequest.newBuilder().setCourseId("doomed").build());

    assertFails(() -> getCourse("doomed"), Status.Code.NOT_FOUND, "COURSE_NOT_FOUND");
    assertFails(
        () ->
            stub.getCourseVersions(
                GetCourseVersionsRequest.newBuilder().setCourseId("doomed").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    for (String job : List.of(job0, job1)) {
      assertFails(
          () ->
              stub.getImportJobStatus(
                  GetImportJobStatusRequest.newBuilder().setImportJobId(job).build()),
          Status.Code.NOT_FOUND,
          "IMPORT_JOB_NOT_FOUND");
    }
    assertThat(blobPath(server, v0)).doesNotExist();
    assertThat(blobPath(server, v1)).doesNotExist();
    String tenant = defaultTenant();
    assertThat(settingsAt(SettingScope.course(tenant, "doomed"))).isEmpty();
    assertThat(settingsAt(SettingScope.version(tenant, "doomed", 0))).isEmpty();
    assertThat(server.server().services().store().versions().list(tenant, "doomed")).isEmpty();

    Course again = importCourse(server, KEY, "doomed", v0);
    assertThat(again.getVersion()).isZero();
    assertThat(getCourse("doomed").getTagsList()).isEmpty();
  }

  @Test
  void deleteCourse_blobSharedWithAnotherCourse_staysUntilBothAreGone() {
    byte[] zip = TestPackages.scorm12("Shared bytes");
    importCourse(server, KEY, "twin-a", zip);
    importCourse(server, KEY, "twin-b", zip);

    stub.deleteCourse(DeleteCourseRequest.newBuilder().setCourseId("twin-a").build());

    assertThat(blobPath(server, zip)).exists();
    assertThat(
            download(
                    stub.getCourseZip(
                        GetCourseZipRequest.newBuilder().setCourseId("twin-b").build()))
                .bytes())
        .isEqualTo(zip);

    stub.deleteCourse(DeleteCourseRequest.newBuilder().setCourseId("twin-b").build());

    assertThat(blobPath(server, zip)).doesNotExist();
  }

  @Test
  void deleteCourse_unknownCourse_returnsNotFound() {
    assertFails(
        () -> stub.deleteCourse(DeleteCourseRequest.newBuilder().setCourseId("not-there").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  // --- SetCourseTitle

  @Test
  void setCourseTitle_changesEveryVersionAndTheListing() {
    importCourse(server, KEY, "retitled", TestPackages.scorm12("Before 0"));
    importCourse(server, KEY, "retitled", TestPackages.scorm12("Before 1"), true);

    stub.setCourseTitle(
        SetCourseTitleRequest.newBuilder()
            .setCourseId("retitled")
            .setTitle(Title.newBuilder().setTitle("After"))
            .build());

    assertThat(getCourse("retitled").getTitle()).isEqualTo("After");
    assertThat(versions(GetCourseVersionsRequest.newBuilder().setCourseId("retitled")))
        .extracting(Course::getTitle)
        .containsExactly("After", "After");
    assertThat(
            stub.getCourses(
                    GetCoursesRequest.newBuilder().setFilter("After").setFilterBy("title").build())
                .getCoursesList())
        .extracting(Course::getId)
        .containsExactly("retitled");
  }

  @Test
  void setCourseTitle_blank_returnsInvalidArgument() {
    importCourse(server, KEY, "untitled", TestPackages.scorm12("Has a title"));

    assertFails(
        () ->
            stub.setCourseTitle(
                SetCourseTitleRequest.newBuilder()
                    .setCourseId("untitled")
                    .setTitle(Title.newBuilder().setTitle("  "))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "TITLE_MISSING");

    assertThat(getCourse("untitled").getTitle()).isEqualTo("Has a title");
  }

  @Test
  void setCourseTitle_unknownCourse_returnsNotFound() {
    assertFails(
        () ->
            stub.setCourseTitle(
                SetCourseTitleRequest.newBuilder()
                    .setCourseId("ghost")
                    .setTitle(Title.newBuilder().setTitle("T"))
                    .build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  // --- Tags

  @Test
  void courseTags_putReplacesDeleteIgnoresAbsentAndGetReturnsThem() {
    importCourse(server, KEY, "tagged", TestPackages.scorm12("Tagged"));
    assertThat(tags("tagged")).isEmpty();

    putTags("tagged", "a", "b");
    putTags("tagged", "c", " d ", "c");
    assertThat(tags("tagged")).containsExactly("c", "d");

    stub.deleteCourseTags(
        DeleteCourseTagsRequest.newBuilder()
            .setCourseId("tagged")
            .setTags(TagList.newBuilder().addTags("c").addTags("never-there"))
            .build());
    assertThat(tags("tagged")).containsExactly("d");
    assertThat(getCourse("tagged").getTagsList()).containsExactly("d");
  }

  @Test
  void putCourseTags_emptyTag_returnsInvalidArgumentAndChangesNothing() {
    importCourse(server, KEY, "empty-tag", TestPackages.scorm12("E"));
    putTags("empty-tag", "keep");

    assertFails(() -> putTags("empty-tag", "ok", ""), Status.Code.INVALID_ARGUMENT, "TAG_INVALID");

    assertThat(tags("empty-tag")).containsExactly("keep");
  }

  @Test
  void putCourseTagsBatch_addsTagsToEveryCourse() {
    importCourse(server, KEY, "batch-1", TestPackages.scorm12("B1"));
    importCourse(server, KEY, "batch-2", TestPackages.scorm12("B2"));
    putTags("batch-1", "old");

    stub.putCourseTagsBatch(batch(List.of("batch-1", "batch-2"), List.of("new", "old")));

    assertThat(tags("batch-1")).containsExactly("old", "new");
    assertThat(tags("batch-2")).containsExactlyInAnyOrder("new", "old");
  }

  @Test
  void putCourseTagsBatch_unknownId_returnsNotFoundAndChangesNothing() {
    importCourse(server, KEY, "batch-known", TestPackages.scorm12("K"));

    var e =
        assertFails(
            () ->
                stub.putCourseTagsBatch(
                    batch(List.of("batch-known", "batch-unknown"), List.of("x"))),
            Status.Code.NOT_FOUND,
            "COURSE_NOT_FOUND");

    assertThat(e.getStatus().getDescription()).contains("batch-unknown");
    assertThat(tags("batch-known")).isEmpty();
  }

  @Test
  void putCourseTagsBatch_noIds_returnsInvalidArgument() {
    assertFails(
        () -> stub.putCourseTagsBatch(batch(List.of(), List.of("x"))),
        Status.Code.INVALID_ARGUMENT,
        "IDS_MISSING");
  }

  @Test
  void getCourseTags_unknownCourse_returnsNotFound() {
    assertFails(() -> tags("no-tags-here"), Status.Code.NOT_FOUND, "COURSE_NOT_FOUND");
  }

  // --- Package files, zip, validation report

  @Test
  void getCourseFileList_listsThePackageFilesWithSizes() {
    importCourse(server, KEY, "listed", TestPackages.scorm12("Listed"));

    List<FileListItem> files =
        stub.getCourseFileList(GetCourseFileListRequest.newBuilder().setCourseId("listed").build())
            .getFilesList();

    assertThat(files)
        .extracting(FileListItem::getPath)
        .containsExactlyInAnyOrder("imsmanifest.xml", "index.html");
    FileListItem index =
        files.stream().filter(f -> f.getPath().equals("index.html")).findFirst().orElseThrow();
    assertThat(index.getSize()).isEqualTo(utf8("<html><body>Hi</body></html>").length);
    assertThat(index.hasModified()).isTrue();
  }

  @Test
  void getCourseFileList_byVersion_listsThatVersionsFiles() {
    importCourse(server, KEY, "listed-versions", TestPackages.scorm12("V0"));
    importCourse(server, KEY, "listed-versions", TestPackages.scorm2004("V1"), true);

    assertThat(
            stub.getCourseFileList(
                    GetCourseFileListRequest.newBuilder()
                        .setCourseId("listed-versions")
                        .setVersionId(0)
                        .build())
                .getFilesList())
        .extracting(FileListItem::getPath)
        .containsExactlyInAnyOrder("imsmanifest.xml", "index.html");
    assertThat(
            stub.getCourseFileList(
                    GetCourseFileListRequest.newBuilder().setCourseId("listed-versions").build())
                .getFilesList())
        .extracting(FileListItem::getPath)
        .containsExactlyInAnyOrder("imsmanifest.xml", "one.html", "two.html");
  }

  @Test
  void getCourseAsset_returnsTheFileBytesAndType() {
    byte[] clip = noise(300 * 1024, 7);
    Map<String, byte[]> extra = new LinkedHashMap<>();
    extra.put("media/clip.mp4", clip);
    importCourse(server, KEY, "assets", withFiles(TestPackages.scorm12("Assets"), extra));

    var video =
        download(
            stub.getCourseAsset(
                GetCourseAssetRequest.newBuilder()
                    .setCourseId("assets")
                    .setRelativePath("media/clip.mp4")
                    .build()));
    var page =
        download(
            stub.getCourseAsset(
                GetCourseAssetRequest.newBuilder()
                    .setCourseId("assets")
                    .setRelativePath("index.html")
                    .build()));

    assertThat(video.bytes()).isEqualTo(clip);
    assertThat(video.info().getContentType()).isEqualTo("video/mp4");
    assertThat(video.info().getFileName()).isEqualTo("clip.mp4");
    assertThat(video.info().getSize()).isEqualTo(clip.length);
    assertThat(page.bytes()).isEqualTo(utf8("<html><body>Hi</body></html>"));
    assertThat(page.info().getContentType()).isEqualTo("text/html");
  }

  @Test
  void getCourseAsset_byVersion_returnsThatVersionsFile() {
    importCourse(server, KEY, "asset-versions", TestPackages.scorm12("Title zero"));
    importCourse(server, KEY, "asset-versions", TestPackages.scorm12("Title one"), true);

    var manifest =
        download(
            stub.getCourseAsset(
                GetCourseAssetRequest.newBuilder()
                    .setCourseId("asset-versions")
                    .setVersionId(0)
                    .setRelativePath("imsmanifest.xml")
                    .build()));

    assertThat(new String(manifest.bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("Title zero")
        .doesNotContain("Title one");
    assertThat(manifest.info().getContentType()).isEqualTo("application/xml");
  }

  @Test
  void getCourseAsset_unknownPath_returnsNotFoundNamingIt() {
    importCourse(server, KEY, "asset-missing", TestPackages.scorm12("M"));

    var e =
        assertFails(
            () ->
                download(
                    stub.getCourseAsset(
                        GetCourseAssetRequest.newBuilder()
                            .setCourseId("asset-missing")
                            .setRelativePath("nope/missing.js")
                            .build())),
            Status.Code.NOT_FOUND,
            "FILE_NOT_FOUND");

    assertThat(e.getStatus().getDescription()).contains("nope/missing.js");
  }

  @Test
  void getCourseAsset_packageInRootFolder_servesPathsWithoutTheFolder() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "My Course/imsmanifest.xml",
        new String(
            entry(TestPackages.scorm12("Foldered"), "imsmanifest.xml"),
            java.nio.charset.StandardCharsets.UTF_8));
    files.put("My Course/index.html", "<html>inside</html>");
    String jobId = upload(server, KEY, metadata("foldered"), TestPackages.zip(files));
    ImportJobResult job = awaitJob(server, KEY, jobId);
    assertThat(job.getStatus()).as(job.getMessage()).isEqualTo(ImportJobResult.Status.COMPLETE);

    var page =
        download(
            stub.getCourseAsset(
                GetCourseAssetRequest.newBuilder()
                    .setCourseId("foldered")
                    .setRelativePath("index.html")
                    .build()));

    assertThat(page.bytes()).isEqualTo(utf8("<html>inside</html>"));
    assertThat(job.getImportResult().getParserWarningsList())
        .anyMatch(w -> w.contains("[zip.root-folder]"));
    ValidationReport report =
        stub.getValidationReport(
            GetValidationReportRequest.newBuilder().setCourseId("foldered").build());
    assertThat(report.getValid()).isTrue();
    assertThat(report.getWarningCount()).isPositive();
    assertThat(report.getFindingsList())
        .extracting(ValidationFinding::getRule)
        .contains("zip.root-folder");
  }

  @Test
  void getCourseZip_returnsTheUploadedBytes() {
    byte[] v0 = TestPackages.scorm12("Zip zero");
    byte[] v1 = withFiles(TestPackages.scorm12("Zip one"), Map.of("big.bin", noise(200_000, 3)));
    importCourse(server, KEY, "zipped", v0);
    importCourse(server, KEY, "zipped", v1, true);

    var latest =
        download(stub.getCourseZip(GetCourseZipRequest.newBuilder().setCourseId("zipped").build()));
    var first =
        download(
            stub.getCourseZip(
                GetCourseZipRequest.newBuilder().setCourseId("zipped").setVersionId(0).build()));

    assertThat(latest.bytes()).isEqualTo(v1);
    assertThat(latest.info().getContentType()).isEqualTo("application/zip");
    assertThat(latest.info().getSize()).isEqualTo(v1.length);
    assertThat(latest.info().getFileName()).isEqualTo("zipped-v1.zip");
    assertThat(first.bytes()).isEqualTo(v0);
    assertThat(first.info().getFileName()).isEqualTo("zipped-v0.zip");
  }

  @Test
  void getCourseZip_unknownVersion_returnsNotFound() {
    importCourse(server, KEY, "zip-missing", TestPackages.scorm12("Z"));

    assertFails(
        () ->
            download(
                stub.getCourseZip(
                    GetCourseZipRequest.newBuilder()
                        .setCourseId("zip-missing")
                        .setVersionId(5)
                        .build())),
        Status.Code.NOT_FOUND,
        "VERSION_NOT_FOUND");
  }

  @Test
  void getValidationReport_returnsTheReportStoredAtImport() {
    importCourse(server, KEY, "reported", TestPackages.scorm12("Reported"));
    importCourse(server, KEY, "reported", TestPackages.scorm2004("Reported 2"), true);

    ValidationReport v0 =
        stub.getValidationReport(
            GetValidationReportRequest.newBuilder()
                .setCourseId("reported")
                .setVersionId(0)
                .build());
    ValidationReport latest =
        stub.getValidationReport(
            GetValidationReportRequest.newBuilder().setCourseId("reported").build());

    assertThat(v0.getValid()).isTrue();
    assertThat(v0.getErrorCount()).isZero();
    assertThat(v0.getPackageFormat()).isEqualTo("scorm-1.2");
    assertThat(v0.getCourseLearningStandard()).isEqualTo(Course.LearningStandard.SCORM12);
    assertThat(latest.getPackageFormat()).isEqualTo("scorm-2004-4th");
    assertThat(latest.getSchemasList()).isNotEmpty();
  }

  @Test
  void getValidationReport_unknownCourse_returnsNotFound() {
    assertFails(
        () ->
            stub.getValidationReport(
                GetValidationReportRequest.newBuilder().setCourseId("unreported").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  // --- helpers

  private Course getCourse(String courseId) {
    return stub.getCourse(GetCourseRequest.newBuilder().setCourseId(courseId).build());
  }

  private List<Course> versions(GetCourseVersionsRequest.Builder request) {
    return stub.getCourseVersions(request.build()).getCoursesList();
  }

  private List<String> tags(String courseId) {
    return stub.getCourseTags(GetCourseTagsRequest.newBuilder().setCourseId(courseId).build())
        .getTagsList();
  }

  private void putTags(String courseId, String... tags) {
    stub.putCourseTags(
        PutCourseTagsRequest.newBuilder()
            .setCourseId(courseId)
            .setTags(TagList.newBuilder().addAllTags(List.of(tags)))
            .build());
  }

  private static PutCourseTagsBatchRequest batch(List<String> ids, List<String> tags) {
    return PutCourseTagsBatchRequest.newBuilder()
        .setBatch(BatchTags.newBuilder().addAllIds(ids).addAllTags(tags))
        .build();
  }

  private void setVersionSetting(String courseId, int version, String id, String value) {
    stub.setCourseConfiguration(
        SetCourseConfigurationRequest.newBuilder()
            .setCourseId(courseId)
            .setVersionId(version)
            .setConfiguration(post(id, value))
            .build());
    assertThat(settingsAt(SettingScope.version(defaultTenant(), courseId, version)))
        .containsEntry(id, value);
  }

  private static SettingsPost post(String id, String value) {
    return SettingsPost.newBuilder()
        .addSettings(SettingsIndividual.newBuilder().setSettingId(id).setValue(value))
        .build();
  }

  private static Map<String, String> settingsAt(SettingScope scope) {
    return server.server().services().settings().repository().find(scope);
  }

  private static String defaultTenant() {
    return tenantId(server, KEY);
  }

  private static String iso(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
  }

  private static byte[] entry(byte[] zip, String name) {
    return GrpcFixtures.entry(zip, name);
  }
}

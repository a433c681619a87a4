package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.assertFails;
import static org.courseport.server.grpc.GrpcFixtures.awaitJob;
import static org.courseport.server.grpc.GrpcFixtures.blobPath;
import static org.courseport.server.grpc.GrpcFixtures.download;
import static org.courseport.server.grpc.GrpcFixtures.first;
import static org.courseport.server.grpc.GrpcFixtures.importCourse;
import static org.courseport.server.grpc.GrpcFixtures.metadata;
import static org.courseport.server.grpc.GrpcFixtures.noise;
import static org.courseport.server.grpc.GrpcFixtures.send;
import static org.courseport.server.grpc.GrpcFixtures.upload;
import static org.courseport.server.grpc.GrpcFixtures.uploadMessages;
import static org.courseport.server.grpc.GrpcFixtures.utf8;
import static org.courseport.server.grpc.GrpcFixtures.validate;
import static org.courseport.server.grpc.GrpcFixtures.withFiles;
import static org.courseport.server.testing.CourseportServerExtension.KEY;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseList;
import org.courseport.api.v1.CreateFetchAndImportCourseJobRequest;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCourseVersionsRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.GetImportJobStatusRequest;
import org.courseport.api.v1.ImportFetchRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.ValidatePackageRequest;
import org.courseport.api.v1.ValidationFinding;
import org.courseport.api.v1.ValidationReport;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The import RPCs through the real server: CreateUploadAndImportCourseJob,
 * CreateFetchAndImportCourseJob, GetImportJobStatus and ValidatePackage.
 */
class CourseGrpcServiceImportTest {
  private static final long MAX_UPLOAD = 8L << 20;

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_MAX_UPLOAD_BYTES", Long.toString(MAX_UPLOAD))
          .with("COURSEPORT_FETCH_ALLOW", "127.0.0.1");

  @Test
  void upload_severalMegabytesInManyChunks_importsVersionZeroAndStoresTheBytes() {
    byte[] zip =
        withFiles(
            TestPackages.scorm2004("Big course"), Map.of("media/film.bin", noise(5 << 20, 1)));
    List<CreateUploadAndImportCourseJobRequest> messages = uploadMessages(metadata("big"), zip);
    assertThat(messages).hasSizeGreaterThan(70);

    ImportJobResult job = awaitJob(server, KEY, send(server, KEY, messages));

    assertThat(job.getStatus()).as(job.getMessage()).isEqualTo(ImportJobResult.Status.COMPLETE);
    assertThat(job.hasMessage()).isFalse();
    Course course = job.getImportResult().getCourse();
    assertThat(course.getId()).isEqualTo("big");
    assertThat(course.hasVersion()).isTrue();
    assertThat(course.getVersion()).isZero();
    assertThat(course.getTitle()).isEqualTo("Big course");
    assertThat(course.getCourseLearningStandard())
        .isEqualTo(Course.LearningStandard.SCORM20044THEDITION);
    assertThat(course.getRootActivity().getChildrenList()).isNotEmpty();
    assertThat(job.getImportResult().getWebPathToCourse()).isEqualTo("courses/big/0/");
    assertThat(blobPath(server, zip)).exists().hasBinaryContent(zip);
    assertThat(
            download(
                    server
                        .blocking(KEY)
                        .getCourseZip(GetCourseZipRequest.newBuilder().setCourseId("big").build()))
                .bytes())
        .isEqualTo(zip);
    assertThat(
            download(
                    server
                        .blocking(KEY)
                        .getCourseAsset(
                            GetCourseAssetRequest.newBuilder()
                                .setCourseId("big")
                                .setRelativePath("media/film.bin")
                                .build()))
                .bytes())
        .isEqualTo(noise(5 << 20, 1));
  }

  @Test
  void upload_postbackUrlNotHttp_returnsInvalidArgumentNamingIt() {
    byte[] zip = TestPackages.scorm12("Postback");

    var e =
        assertFails(
            () ->
                upload(server, KEY, metadata("postback").setPostbackUrl("file:///etc/passwd"), zip),
            Status.Code.INVALID_ARGUMENT,
            "URL_INVALID");

    assertThat(e.getStatus().getDescription()).contains("postbackUrl");
    assertThat(blobPath(server, zip)).doesNotExist();
  }

  @Test
  void upload_existingCourseWithoutMayCreateNewVersion_failsAtUploadWithCourseExists() {
    importCourse(server, KEY, "exists", TestPackages.scorm12("First"));
    byte[] second = TestPackages.scorm12("Second");

    var e =
        assertFails(
            () -> upload(server, KEY, metadata("exists"), second),
            Status.Code.ALREADY_EXISTS,
            "COURSE_EXISTS");

    assertThat(e.getStatus().getDescription()).contains("exists").contains("mayCreateNewVersion");
    assertThat(blobPath(server, second)).doesNotExist();
    assertThat(versionNumbers("exists")).containsExactly(0);
  }

  @Test
  void upload_existingCourseWithMayCreateNewVersion_createsVersionOne() {
    importCourse(server, KEY, "versioned", TestPackages.scorm12("Old"));

    Course v1 = importCourse(server, KEY, "versioned", TestPackages.scorm12("New"), true);

    assertThat(v1.getVersion()).isEqualTo(1);
    assertThat(v1.getTitle()).isEqualTo("New");
    assertThat(versionNumbers("versioned")).containsExactly(0, 1);
    Course latest =
        server
            .blocking(KEY)
            .getCourse(GetCourseRequest.newBuilder().setCourseId("versioned").build());
    assertThat(latest.getVersion()).isEqualTo(1);
  }

  @Test
  void upload_mayCreateNewVersionOnNewCourse_createsVersionZero() {
    Course course = importCourse(server, KEY, "fresh-with-flag", TestPackages.scorm12("F"), true);

    assertThat(course.getVersion()).isZero();
  }

  @Test
  void upload_chunkBeforeMetadata_returnsInvalidArgument() {
    var chunk =
        CreateUploadAndImportCourseJobRequest.newBuilder()
            .setChunk(ByteString.copyFrom(TestPackages.scorm12("x")))
            .build();

    var e =
        assertFails(
            () -> send(server, KEY, List.of(chunk, first(metadata("order")))),
            Status.Code.INVALID_ARGUMENT,
            "UPLOAD_INVALID");

    assertThat(e.getStatus().getDescription()).contains("metadata");
  }

  @Test
  void upload_noMessagesAtAll_returnsInvalidArgument() {
    var e =
        assertFails(
            () -> send(server, KEY, List.of()), Status.Code.INVALID_ARGUMENT, "UPLOAD_INVALID");

    assertThat(e.getStatus().getDescription()).contains("metadata");
  }

  @Test
  void upload_trailingMetadataForAnotherCourse_returnsInvalidArgument() {
    List<CreateUploadAndImportCourseJobRequest> messages =
        new ArrayList<>(uploadMessages(metadata("twice"), TestPackages.scorm12("T")));
    messages.add(first(metadata("another")));

    assertFails(() -> send(server, KEY, messages), Status.Code.INVALID_ARGUMENT, "UPLOAD_INVALID");
  }

  @Test
  void upload_twoTrailingMetadataMessages_returnsInvalidArgument() {
    List<CreateUploadAndImportCourseJobRequest> messages =
        new ArrayList<>(uploadMessages(metadata("thrice"), TestPackages.scorm12("T")));
    messages.add(first(metadata("thrice")));
    messages.add(first(metadata("thrice")));

    assertFails(() -> send(server, KEY, messages), Status.Code.INVALID_ARGUMENT, "UPLOAD_INVALID");
  }

  @Test
  void upload_metadataOnly_returnsInvalidArgumentAndLeavesNoTempFile() {
    var e =
        assertFails(
            () -> send(server, KEY, List.of(first(metadata("empty")))),
            Status.Code.INVALID_ARGUMENT,
            "UPLOAD_EMPTY");

    assertThat(e.getStatus().getDescription()).contains("empty");
    assertThat(server.filesUnder("blobs/tmp")).isEmpty();
  }

  @Test
  void upload_courseIdWithSlash_returnsInvalidArgumentNamingCourseId() {
    var e =
        assertFails(
            () -> upload(server, KEY, metadata("a/b"), TestPackages.scorm12("x")),
            Status.Code.INVALID_ARGUMENT,
            "COURSE_ID_INVALID");

    assertThat(e.getStatus().getDescription()).contains("courseId");
  }

  @Test
  void upload_courseIdOf256Characters_returnsInvalidArgumentNamingCourseId() {
    var e =
        assertFails(
            () -> upload(server, KEY, metadata("c".repeat(256)), TestPackages.scorm12("x")),
            Status.Code.INVALID_ARGUMENT,
            "COURSE_ID_INVALID");

    assertThat(e.getStatus().getDescription()).contains("courseId").contains("255");
  }

  @Test
  void upload_courseIdOf255Characters_isImported() {
    String id = "d".repeat(255);

    assertThat(importCourse(server, KEY, id, TestPackages.scorm12("Long id")).getId())
        .isEqualTo(id);
  }

  @Test
  void upload_missingCourseId_returnsInvalidArgumentNamingCourseId() {
    var e =
        assertFails(
            () -> upload(server, KEY, metadata(""), TestPackages.scorm12("x")),
            Status.Code.INVALID_ARGUMENT,
            "COURSE_ID_MISSING");

    assertThat(e.getStatus().getDescription()).contains("courseId");
  }

  @Test
  void upload_declaredSizeOverLimit_failsBeforeAnyByte() {
    assertFails(
        () -> send(server, KEY, List.of(first(metadata("huge").setSize(MAX_UPLOAD + 1)))),
        Status.Code.RESOURCE_EXHAUSTED,
        "UPLOAD_TOO_LARGE");
  }

  @Test
  void upload_bytesOverLimit_returnsResourceExhaustedAndKeepsNothing() {
    byte[] zip =
        withFiles(
            TestPackages.scorm12("Too big"), Map.of("big.bin", noise((int) MAX_UPLOAD + 1024, 2)));

    assertFails(
        () -> upload(server, KEY, metadata("too-big"), zip),
        Status.Code.RESOURCE_EXHAUSTED,
        "UPLOAD_TOO_LARGE");

    assertThat(blobPath(server, zip)).doesNotExist();
    assertThat(server.filesUnder("blobs/tmp")).isEmpty();
  }

  @Test
  void upload_cancelledByTheClient_discardsTheBytesReceived() {
    var out = server.async(KEY).createUploadAndImportCourseJob(new NoResponse<>());
    uploadMessages(metadata("cancelled"), noise(1 << 20, 4)).forEach(out::onNext);
    awaitFiles("blobs/tmp", false);

    out.onError(new IllegalStateException("client gave up"));

    awaitFiles("blobs/tmp", true);
    assertFails(
        () ->
            server
                .blocking(KEY)
                .getCourse(GetCourseRequest.newBuilder().setCourseId("cancelled").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  @Test
  void validatePackage_cancelledByTheClient_deletesItsTemporaryFile() {
    var out = server.async(KEY).validatePackage(new NoResponse<>());
    out.onNext(ValidatePackageRequest.newBuilder().setFileName("v.zip").build());
    out.onNext(
        ValidatePackageRequest.newBuilder()
            .setChunk(ByteString.copyFrom(noise(256 * 1024, 5)))
            .build());
    awaitFiles("tmp", false);

    out.onError(new IllegalStateException("client gave up"));

    awaitFiles("tmp", true);
  }

  @Test
  void upload_notAZip_endsInErrorNamingTheRuleAndKeepsNothing() {
    String tenant = server.newTenant();
    byte[] bytes = utf8("this is not a zip file at all, just text ".repeat(20));

    ImportJobResult job = awaitJob(server, tenant, upload(server, tenant, metadata("junk"), bytes));

    assertRefused(tenant, job, "junk", bytes, "zip.format");
  }

  @Test
  void upload_zipWithoutManifest_endsInErrorNamingTheRuleAndKeepsNothing() {
    String tenant = server.newTenant();
    byte[] bytes = TestPackages.zip(Map.of("index.html", "<html></html>"));

    ImportJobResult job =
        awaitJob(server, tenant, upload(server, tenant, metadata("no-manifest"), bytes));

    assertRefused(tenant, job, "no-manifest", bytes, "manifest.missing");
  }

  @Test
  void upload_refusedNewVersion_keepsTheExistingCourseAndItsBlob() {
    byte[] good = TestPackages.scorm12("Keeper");
    importCourse(server, KEY, "keeper", good);
    byte[] bad = TestPackages.zip(Map.of("readme.txt", "no manifest"));

    ImportJobResult job =
        awaitJob(
            server, KEY, upload(server, KEY, metadata("keeper").setMayCreateNewVersion(true), bad));

    assertThat(job.getStatus()).isEqualTo(ImportJobResult.Status.ERROR);
    assertThat(versionNumbers("keeper")).containsExactly(0);
    assertThat(blobPath(server, good)).exists();
    assertThat(blobPath(server, bad)).doesNotExist();
  }

  @Test
  void getImportJobStatus_complete_hasImportResultAndNoMessage() {
    byte[] zip = TestPackages.scorm12("Done");
    String jobId = upload(server, KEY, metadata("done"), zip);

    ImportJobResult job = awaitJob(server, KEY, jobId);

    assertThat(job.getJobId()).isEqualTo(jobId);
    assertThat(job.getStatus()).isEqualTo(ImportJobResult.Status.COMPLETE);
    assertThat(job.hasMessage()).isFalse();
    assertThat(job.hasImportResult()).isTrue();
    assertThat(job.getImportResult().getCourse().getId()).isEqualTo("done");
    assertThat(job.getImportResult().getCourse().getLaunchUrl()).isEqualTo("index.html");
  }

  @Test
  void getImportJobStatus_running_hasStatusOnly() {
    String tenantId = GrpcFixtures.tenantId(server, KEY);
    Instant now = Instant.now();
    // Claimed by a live worker elsewhere: no local worker takes it over for 30 minutes.
    server
        .server()
        .services()
        .store()
        .jobs()
        .insert(
            new ImportJob(
                "running-job",
                tenantId,
                "pending",
                false,
                ImportJob.Source.UPLOAD,
                null,
                null,
                "p.zip",
                "",
                null,
                ImportJob.Status.RUNNING,
                "other-replica",
                now,
                1,
                null,
                -1,
                List.of(),
                now,
                null));

    ImportJobResult job =
        server
            .blocking(KEY)
            .getImportJobStatus(
                GetImportJobStatusRequest.newBuilder().setImportJobId("running-job").build());

    assertThat(job.getJobId()).isEqualTo("running-job");
    assertThat(job.getStatus()).isEqualTo(ImportJobResult.Status.RUNNING);
    assertThat(job.hasMessage()).isFalse();
    assertThat(job.hasImportResult()).isFalse();
  }

  @Test
  void getImportJobStatus_endedJob_isAnswerableForAWeekOnly() {
    String tenantId = GrpcFixtures.tenantId(server, KEY);
    Instant now = Instant.now();
    for (String id : List.of("ended-6-days-ago", "ended-8-days-ago")) {
      Instant finished = now.minus(java.time.Duration.ofDays(id.contains("6") ? 6 : 8));
      server
          .server()
          .services()
          .store()
          .jobs()
          .insert(
              new ImportJob(
                  id,
                  tenantId,
                  "old",
                  false,
                  ImportJob.Source.UPLOAD,
                  null,
                  null,
                  "o.zip",
                  "",
                  null,
                  ImportJob.Status.ERROR,
                  null,
                  null,
                  1,
                  "refused",
                  -1,
                  List.of(),
                  finished.minusSeconds(5),
                  finished));
    }

    ImportJobResult recent =
        server
            .blocking(KEY)
            .getImportJobStatus(
                GetImportJobStatusRequest.newBuilder().setImportJobId("ended-6-days-ago").build());

    assertThat(recent.getStatus()).isEqualTo(ImportJobResult.Status.ERROR);
    assertThat(recent.getMessage()).isEqualTo("refused");
    assertFails(
        () ->
            server
                .blocking(KEY)
                .getImportJobStatus(
                    GetImportJobStatusRequest.newBuilder()
                        .setImportJobId("ended-8-days-ago")
                        .build()),
        Status.Code.NOT_FOUND,
        "IMPORT_JOB_NOT_FOUND");
  }

  @Test
  void getImportJobStatus_unknownId_returnsNotFound() {
    var e =
        assertFails(
            () ->
                server
                    .blocking(KEY)
                    .getImportJobStatus(
                        GetImportJobStatusRequest.newBuilder()
                            .setImportJobId("no-such-job")
                            .build()),
            Status.Code.NOT_FOUND,
            "IMPORT_JOB_NOT_FOUND");

    assertThat(e.getStatus().getDescription()).contains("no-such-job");
  }

  @Test
  void getImportJobStatus_otherTenantsJob_returnsNotFound() {
    String jobId = upload(server, KEY, metadata("mine"), TestPackages.scorm12("Mine"));
    awaitJob(server, KEY, jobId);
    String other = server.newTenant();

    assertFails(
        () ->
            server
                .blocking(other)
                .getImportJobStatus(
                    GetImportJobStatusRequest.newBuilder().setImportJobId(jobId).build()),
        Status.Code.NOT_FOUND,
        "IMPORT_JOB_NOT_FOUND");
  }

  @Test
  void createFetchAndImportCourseJob_servedZip_importsIt() {
    byte[] zip = TestPackages.scorm12("Fetched");
    Server origin =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .service(
                "/pkg/fetched.zip",
                (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.ZIP, HttpData.wrap(zip)))
            .build();
    origin.start().join();
    try {
      String url = "http://127.0.0.1:" + origin.activeLocalPort() + "/pkg/fetched.zip";
      String jobId =
          server
              .blocking(KEY)
              .createFetchAndImportCourseJob(
                  CreateFetchAndImportCourseJobRequest.newBuilder()
                      .setCourseId("fetched")
                      .setImportRequest(ImportFetchRequest.newBuilder().setUrl(url))
                      .build())
              .getResult();

      ImportJobResult job = awaitJob(server, KEY, jobId);

      assertThat(job.getStatus()).as(job.getMessage()).isEqualTo(ImportJobResult.Status.COMPLETE);
      assertThat(job.getImportResult().getCourse().getTitle()).isEqualTo("Fetched");
      assertThat(blobPath(server, zip)).hasBinaryContent(zip);
    } finally {
      origin.stop().join();
    }
  }

  @Test
  void createFetchAndImportCourseJob_privateAddress_endsInErrorWithoutCourse() {
    String url = "http://10.255.255.1/pkg/course.zip";
    String jobId =
        server
            .blocking(KEY)
            .createFetchAndImportCourseJob(
                CreateFetchAndImportCourseJobRequest.newBuilder()
                    .setCourseId("private-fetch")
                    .setImportRequest(ImportFetchRequest.newBuilder().setUrl(url))
                    .build())
            .getResult();

    ImportJobResult job = awaitJob(server, KEY, jobId);

    assertThat(job.getStatus()).isEqualTo(ImportJobResult.Status.ERROR);
    assertThat(job.getMessage()).contains(url).contains("COURSEPORT_FETCH_ALLOW");
    assertFails(
        () ->
            server
                .blocking(KEY)
                .getCourse(GetCourseRequest.newBuilder().setCourseId("private-fetch").build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
  }

  @Test
  void createFetchAndImportCourseJob_notHttpUrl_returnsInvalidArgumentNamingUrl() {
    var e =
        assertFails(
            () ->
                server
                    .blocking(KEY)
                    .createFetchAndImportCourseJob(
                        CreateFetchAndImportCourseJobRequest.newBuilder()
                            .setCourseId("ftp")
                            .setImportRequest(
                                ImportFetchRequest.newBuilder().setUrl("ftp://example.com/a.zip"))
                            .build()),
            Status.Code.INVALID_ARGUMENT,
            "URL_INVALID");

    assertThat(e.getStatus().getDescription()).contains("url");
  }

  @Test
  void createFetchAndImportCourseJob_missingUrl_returnsInvalidArgument() {
    assertFails(
        () ->
            server
                .blocking(KEY)
                .createFetchAndImportCourseJob(
                    CreateFetchAndImportCourseJobRequest.newBuilder().setCourseId("nourl").build()),
        Status.Code.INVALID_ARGUMENT,
        "URL_MISSING");
  }

  @Test
  void createFetchAndImportCourseJob_existingCourseWithoutNewVersion_returnsAlreadyExists() {
    importCourse(server, KEY, "fetch-exists", TestPackages.scorm12("E"));

    assertFails(
        () ->
            server
                .blocking(KEY)
                .createFetchAndImportCourseJob(
                    CreateFetchAndImportCourseJobRequest.newBuilder()
                        .setCourseId("fetch-exists")
                        .setImportRequest(
                            ImportFetchRequest.newBuilder().setUrl("https://example.com/a.zip"))
                        .build()),
        Status.Code.ALREADY_EXISTS,
        "COURSE_EXISTS");
  }

  @Test
  void validatePackage_validPackage_returnsReportAndStoresNothing() {
    byte[] zip = TestPackages.scorm12("Checked");

    ValidationReport report = validate(server, KEY, "checked.zip", zip);

    assertThat(report.getValid()).isTrue();
    assertThat(report.getErrorCount()).isZero();
    assertThat(report.getPackageFormat()).isEqualTo("scorm-1.2");
    assertThat(report.getCourseLearningStandard()).isEqualTo(Course.LearningStandard.SCORM12);
    assertNothingStored(zip);
  }

  @Test
  void validatePackage_launchFileMissing_reportsErrorWithRuleAndLineAndStoresNothing() {
    byte[] zip =
        TestPackages.zip(
            Map.of(
                "imsmanifest.xml",
                new String(
                    GrpcFixtures.entry(TestPackages.scorm12("Broken"), "imsmanifest.xml"),
                    StandardCharsets.UTF_8)));

    ValidationReport report = validate(server, KEY, "broken.zip", zip);

    assertThat(report.getValid()).isFalse();
    assertThat(report.getErrorCount()).isPositive();
    ValidationFinding finding = report.getFindings(0);
    assertThat(finding.getSeverity()).isEqualTo(ValidationFinding.Severity.ERROR);
    assertThat(finding.getRule()).isEqualTo("manifest.launch.file-missing");
    assertThat(finding.getFile()).isEqualTo("imsmanifest.xml");
    assertThat(finding.getLine()).isPositive();
    assertThat(finding.getMessage()).contains("index.html");
    assertNothingStored(zip);
  }

  @Test
  void validatePackage_notAZip_reportsZipFormat() {
    ValidationReport report = validate(server, KEY, "junk.zip", utf8("plain text, no zip"));

    assertThat(report.getValid()).isFalse();
    assertThat(report.getFindingsList())
        .extracting(ValidationFinding::getRule)
        .containsExactly("zip.format");
  }

  @Test
  void validatePackage_noBytes_returnsInvalidArgument() {
    assertFails(
        () -> validate(server, KEY, "empty.zip", new byte[0]),
        Status.Code.INVALID_ARGUMENT,
        "UPLOAD_EMPTY");
    assertThat(server.filesUnder("tmp")).isEmpty();
  }

  private void assertNothingStored(byte[] zip) {
    assertThat(blobPath(server, zip)).doesNotExist();
    assertThat(server.filesUnder("blobs/tmp")).isEmpty();
    assertThat(server.filesUnder("tmp")).isEmpty();
  }

  /**
   * Waits until the data directory's {@code dir} holds files, or holds none; gives up after two
   * minutes (hang detection only, far above the time this takes on a loaded machine).
   */
  private static void awaitFiles(String dir, boolean empty) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (filesIn(dir).isEmpty() != empty) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(dir + (empty ? " still holds " + filesIn(dir) : " stayed empty"));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static List<java.nio.file.Path> filesIn(String dir) {
    return Files.isDirectory(server.dataDir().resolve(dir)) ? server.filesUnder(dir) : List.of();
  }

  /** A response observer for calls the test cancels. */
  private static final class NoResponse<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  private void assertRefused(
      String tenant, ImportJobResult job, String courseId, byte[] bytes, String rule) {
    assertThat(job.getStatus()).isEqualTo(ImportJobResult.Status.ERROR);
    assertThat(job.getMessage()).contains("[" + rule + "]");
    assertThat(job.hasImportResult()).isFalse();
    assertThat(blobPath(server, bytes)).doesNotExist();
    assertFails(
        () ->
            server
                .blocking(tenant)
                .getCourse(GetCourseRequest.newBuilder().setCourseId(courseId).build()),
        Status.Code.NOT_FOUND,
        "COURSE_NOT_FOUND");
    CourseList all = server.blocking(tenant).getCourses(GetCoursesRequest.getDefaultInstance());
    assertThat(all.getCoursesList()).isEmpty();
    assertThat(
            server
                .server()
                .services()
                .store()
                .courses()
                .find(GrpcFixtures.tenantId(server, tenant), courseId))
        .isEmpty();
  }

  private List<Integer> versionNumbers(String courseId) {
    return server
        .blocking(KEY)
        .getCourseVersions(GetCourseVersionsRequest.newBuilder().setCourseId(courseId).build())
        .getCoursesList()
        .stream()
        .map(Course::getVersion)
        .toList();
  }
}

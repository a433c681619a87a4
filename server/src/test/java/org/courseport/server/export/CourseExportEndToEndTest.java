package org.courseport.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.courseport.api.v1.CourseExport;
import org.courseport.api.v1.DownloadCourseExportRequest;
import org.courseport.api.v1.ExportCourseRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.courseport.api.v1.RevokeCourseExportRequest;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.domain.DomainException;
import org.courseport.server.export.CourseExports.ExportedPackage;
import org.courseport.server.media.MediaSamples;
import org.courseport.server.media.Multipart;
import org.courseport.server.storage.mongo.export.MongoExportBuilds;
import org.courseport.server.storage.mongo.export.MongoExportSourceKeys;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Course exports end to end on the real server, every step a user takes over REST: media uploaded,
 * lessons with every block and question type written and published, a course created from them by
 * its job, exported in each LearningStudio format, downloaded without credentials, and the download
 * re-imported through the SCORM Cloud import route; Common Cartridge, QTI and zip through the same
 * server's {@code CourseExports} with its real verifier; determinism and the build cache; refusals,
 * the share page, revocation and course deletion.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CourseExportEndToEndTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String BEARER = "Bearer " + CourseportServerExtension.KEY;
  static final String EXPORTED_AT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  static final String TITLE = "Cells & <Tissues> \"101\"";

  static byte[] png;
  static byte[] mp3;
  static String imageId;
  static String audioId;
  static String courseId;

  @BeforeAll
  static void buildCourseAsAUserDoes() throws Exception {
    png = MediaSamples.png(4000, 11);
    mp3 = MediaSamples.mp3Id3(6000, 12);
    imageId = upload("cell.png", "image/png", png);
    audioId = upload("heart.mp3", "audio/mpeg", mp3);
    String[] intro = publish("Introduction", introBlocks());
    String[] quiz = publish("Check yourself", List.of(heading("Quiz"), quizBlock()));
    courseId = createCourse(TITLE, intro, quiz);
  }

  // ---------------------------------------------------------------- LearningStudio formats

  @ParameterizedTest
  @CsvSource({
    "'',            scorm12,     false, SCORM12,             index.html",
    "scorm2004,     scorm2004,   false, SCORM20043RDEDITION, index.html",
    "scorm2004_4,   scorm2004_4, false, SCORM20044THEDITION, index.html",
    "scorm12,       scorm12,     true,  SCORM12,             lessons/01-introduction.html",
    "scorm2004_4,   scorm2004_4, true,  SCORM20044THEDITION, lessons/01-introduction.html"
  })
  void export_downloadWithoutCredentials_reimportsThroughTheScormCloudRoute(
      String format, String echoed, boolean multiSco, String standard, String launch)
      throws Exception {
    String body = exportBody(format, multiSco);
    HttpResponse<byte[]> r =
        send("POST", "/api/v1/courses/" + courseId + "/export", "application/json", body, BEARER);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.get("courseId").asText()).isEqualTo(courseId);
    assertThat(answer.get("format").asText()).isEqualTo(echoed);
    assertThat(answer.get("exportedAt").asText()).matches(EXPORTED_AT);
    assertThat(answer.get("shareUrl").asText()).isEqualTo(publicBase() + "/go/" + courseId);
    String url = answer.get("downloadUrl").asText();
    assertThat(url).matches(publicBase() + "/downloads/[A-Za-z0-9_-]{43}");

    HttpResponse<byte[]> download = get(url, null);
    assertThat(download.statusCode()).isEqualTo(200);
    byte[] zip = download.body();
    assertThat(download.headers().firstValueAsLong("content-length")).hasValue(zip.length);
    assertThat(download.headers().firstValue("content-disposition").orElseThrow())
        .startsWith("attachment; filename=\"cells-tissues-101-" + echoed)
        .endsWith(".zip\"");
    assertThat(sha256(zip)).isEqualTo(answer.get("sha256").asText());

    Map<String, byte[]> entries = entries(zip);
    assertThat(entries).containsKeys("imsmanifest.xml", launch);
    // The uploaded media travel byte for byte.
    assertThat(entries.values()).anySatisfy(b -> assertThat(b).isEqualTo(png));
    assertThat(entries.values()).anySatisfy(b -> assertThat(b).isEqualTo(mp3));

    JsonNode course = reimport("reimport-" + echoed + (multiSco ? "-multi" : ""), zip);
    assertThat(course.get("courseLearningStandard").asText()).isEqualTo(standard);
    assertThat(course.get("launchUrl").asText()).isEqualTo(launch);
    assertThat(course.get("title").asText()).isEqualTo(TITLE);
    // One SCO, or one per lesson.
    assertThat(countSco(course.get("rootActivity"))).isEqualTo(multiSco ? 2 : 1);
  }

  static int countSco(JsonNode activity) {
    int n = activity.path("activityType").asText().equals("SCO") ? 1 : 0;
    for (JsonNode child : activity.path("children")) {
      n += countSco(child);
    }
    return n;
  }

  @Test
  void sameContentExportedTwice_sameBytes_secondServedFromTheBuildCache() throws Exception {
    String path = "/api/v1/courses/" + courseId + "/export";
    String body = "{\"format\":\"scorm2004\"}";
    HttpResponse<byte[]> first = send("POST", path, "application/json", body, BEARER);
    assertThat(first.statusCode()).as(text(first)).isEqualTo(200);
    long builds = buildCount();
    HttpResponse<byte[]> second = send("POST", path, "application/json", body, BEARER);
    assertThat(second.statusCode()).as(text(second)).isEqualTo(200);
    JsonNode a = JSON.readTree(first.body());
    JsonNode b = JSON.readTree(second.body());
    assertThat(b.get("sha256").asText()).isEqualTo(a.get("sha256").asText());
    assertThat(buildCount()).as("no new build record").isEqualTo(builds);
    // Two downloads (two capabilities) of the same bytes.
    assertThat(b.get("downloadUrl").asText()).isNotEqualTo(a.get("downloadUrl").asText());
    assertThat(sha256(get(b.get("downloadUrl").asText(), null).body()))
        .isEqualTo(a.get("sha256").asText());

    ExportedPackage direct =
        server
            .server()
            .services()
            .courseExports()
            .export(
                Bootstrap.DEFAULT_TENANT,
                courseId,
                new ExportOptions(ExportFormat.SCORM2004_3RD, false),
                p -> {});
    assertThat(direct.cached()).isTrue();
    assertThat(direct.sha256()).isEqualTo(a.get("sha256").asText());
  }

  @Test
  void grpc_exportCourse_streamsTheSameZip_andARevokedTokenIsNotFound() throws Exception {
    Metadata auth = new Metadata();
    auth.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(CourseportServerExtension.KEY));
    var stub =
        ExportServiceGrpc.newBlockingStub(server.inProcessChannel())
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
    CourseExport export =
        stub.exportCourse(
            ExportCourseRequest.newBuilder()
                .setCourseId(courseId)
                .setFormat("scorm2004")
                .setMultiSco(true)
                .build());
    assertThat(export.getFormat()).isEqualTo("scorm2004");
    assertThat(export.getExportedAt()).matches(EXPORTED_AT);
    String token = export.getDownloadUrl().substring(export.getDownloadUrl().lastIndexOf('/') + 1);

    // Needs no key: a stub without credentials.
    var anonymous = ExportServiceGrpc.newBlockingStub(server.inProcessChannel());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FileInfo info = null;
    var chunks =
        anonymous.downloadCourseExport(
            DownloadCourseExportRequest.newBuilder().setToken(token).build());
    while (chunks.hasNext()) {
      FileChunk chunk = chunks.next();
      if (chunk.hasInfo()) {
        assertThat(info).as("info comes once, first").isNull();
        assertThat(bytes.size()).isZero();
        info = chunk.getInfo();
      } else {
        bytes.writeBytes(chunk.getData().toByteArray());
      }
    }
    assertThat(info).isNotNull();
    assertThat(info.getContentType()).isEqualTo("application/zip");
    assertThat(info.getSize()).isEqualTo(bytes.size()).isEqualTo(export.getSize());
    assertThat(sha256(bytes.toByteArray())).isEqualTo(export.getSha256());
    assertThat(entries(bytes.toByteArray())).containsKey("lessons/02-check-yourself.html");

    stub.revokeCourseExport(
        RevokeCourseExportRequest.newBuilder()
            .setCourseId(courseId)
            .setExportId(export.getExportId())
            .build());
    assertThatThrownBy(
            () ->
                anonymous
                    .downloadCourseExport(
                        DownloadCourseExportRequest.newBuilder().setToken(token).build())
                    .hasNext())
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(get(export.getDownloadUrl(), null).statusCode()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- Canvas formats, directly

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"COMMON_CARTRIDGE_13", "COMMON_CARTRIDGE_11", "QTI", "ZIP"})
  void canvasFormats_passTheRealVerifier_andAreStored(ExportFormat format) throws Exception {
    List<Integer> progress = new ArrayList<>();
    ExportedPackage p =
        server
            .server()
            .services()
            .courseExports()
            .export(Bootstrap.DEFAULT_TENANT, courseId, ExportOptions.of(format), progress::add);
    assertThat(p.format()).isEqualTo(format);
    assertThat(p.courseId()).isEqualTo(courseId);
    assertThat(progress).isNotEmpty().isSorted();
    assertThat(progress.get(progress.size() - 1)).isEqualTo(100);
    byte[] zip;
    try (var in = server.server().services().blobs().open(p.blobId())) {
      zip = in.readAllBytes();
    }
    assertThat(zip.length).isEqualTo(p.size());
    assertThat(sha256(zip)).isEqualTo(p.sha256());
    Map<String, byte[]> entries = entries(zip);
    switch (format) {
      case COMMON_CARTRIDGE_13, COMMON_CARTRIDGE_11 -> {
        assertThat(p.fileName()).endsWith(".imscc");
        assertThat(new String(entries.get("imsmanifest.xml"), StandardCharsets.UTF_8))
            .contains(format == ExportFormat.COMMON_CARTRIDGE_13 ? "imsccv1p3" : "imsccv1p1");
        assertThat(entries.values()).anySatisfy(b -> assertThat(b).isEqualTo(png));
      }
      case QTI ->
          assertThat(entries.keySet())
              .contains("imsmanifest.xml")
              .anySatisfy(n -> assertThat(n).endsWith(".xml").isNotEqualTo("imsmanifest.xml"));
      default -> {
        assertThat(entries.values()).anySatisfy(b -> assertThat(b).isEqualTo(png));
        assertThat(entries.values()).anySatisfy(b -> assertThat(b).isEqualTo(mp3));
      }
    }
  }

  // ---------------------------------------------------------------- refusals and public routes

  @Test
  void courseWhoseLessonWasDeletedAfterCreation_is400NamingIt() throws Exception {
    String[] gone = publish("Soon gone", List.of(heading("Gone")));
    String id = createCourse("Orphaned", gone);
    // Exported once before the delete, so an answer for the unchanged course is cached.
    HttpResponse<byte[]> before =
        send("POST", "/api/v1/courses/" + id + "/export", "application/json", "{}", BEARER);
    assertThat(before.statusCode()).as(text(before)).isEqualTo(200);
    HttpResponse<byte[]> deleted = send("DELETE", "/api/lessons/" + gone[0], null, null, BEARER);
    assertThat(deleted.statusCode()).as(text(deleted)).isEqualTo(204);

    HttpResponse<byte[]> r =
        send("POST", "/api/v1/courses/" + id + "/export", "application/json", "{}", BEARER);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("code").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(error.get("message").asText()).contains("Soon gone");
    assertThatThrownBy(
            () ->
                server
                    .server()
                    .services()
                    .courseExports()
                    .export(
                        Bootstrap.DEFAULT_TENANT, id, ExportOptions.of(ExportFormat.ZIP), p -> {}))
        .isInstanceOf(DomainException.class);
  }

  @Test
  void sharePage_is404UntilSharingIsOn_thenShowsTheEscapedTitle() throws Exception {
    assertThat(get(server.http() + "/go/" + courseId, null).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> on =
        send(
            "PUT",
            "/api/v1/courses/" + courseId + "/sharing",
            "application/json",
            "{\"enabled\":true}",
            BEARER);
    assertThat(on.statusCode()).as(text(on)).isEqualTo(200);
    HttpResponse<byte[]> page = get(server.http() + "/go/" + courseId, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
    assertThat(text(page))
        .contains("Cells &amp; &lt;Tissues&gt; &quot;101&quot;")
        .doesNotContain("<Tissues>");
  }

  @Test
  void revokedDownload_is404_andDeletingTheCourseRevokesItsDownloads() throws Exception {
    String[] lesson = publish("Revocable", List.of(heading("R"), imageBlock()));
    String id = createCourse("Revocable course", lesson);
    JsonNode one = exported(id);
    JsonNode two = exported(id);
    assertThat(get(one.get("downloadUrl").asText(), null).statusCode()).isEqualTo(200);
    // The course's stored media only: its source key is recorded, to the plan key of its build.
    assertThat(sourceDocuments(id)).hasSize(1);
    assertThat(sourceDocuments(id).get(0).getString("planKey")).hasSize(64);

    HttpResponse<byte[]> revoke =
        send(
            "DELETE",
            "/api/v1/courses/" + id + "/exports/" + one.get("exportId").asText(),
            null,
            null,
            BEARER);
    assertThat(revoke.statusCode()).as(text(revoke)).isIn(200, 204);
    assertThat(get(one.get("downloadUrl").asText(), null).statusCode()).isEqualTo(404);
    assertThat(get(two.get("downloadUrl").asText(), null).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> delete =
        send(
            "DELETE",
            "/api/v2/courses/" + id,
            null,
            null,
            CourseportServerExtension.basic(CourseportServerExtension.KEY));
    assertThat(delete.statusCode()).as(text(delete)).isEqualTo(204);
    assertThat(get(two.get("downloadUrl").asText(), null).statusCode()).isEqualTo(404);
    assertThat(sourceDocuments(id)).as("source keys forgotten with the course").isEmpty();
    assertThat(
            send("POST", "/api/v1/courses/" + id + "/export", "application/json", "{}", BEARER)
                .statusCode())
        .isEqualTo(404);
  }

  // ---------------------------------------------------------------- helpers

  static JsonNode exported(String id) throws Exception {
    HttpResponse<byte[]> r =
        send("POST", "/api/v1/courses/" + id + "/export", "application/json", "{}", BEARER);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The server's default public base: its HTTP port on {@code localhost}. */
  static String publicBase() {
    return "http://localhost:" + server.http().getPort();
  }

  static List<Document> sourceDocuments(String id) {
    return server
        .server()
        .services()
        .store()
        .database()
        .getCollection(MongoExportSourceKeys.COLLECTION)
        .find(new Document("courseId", id))
        .into(new ArrayList<>());
  }

  static long buildCount() {
    return server
        .server()
        .services()
        .store()
        .database()
        .getCollection(MongoExportBuilds.COLLECTION)
        .countDocuments(new Document());
  }

  static String exportBody(String format, boolean multiSco) {
    if (format.isEmpty() && !multiSco) {
      return null; // the default, no body at all
    }
    var node = JSON.createObjectNode();
    if (!format.isEmpty()) {
      node.put("format", format);
    }
    if (multiSco) {
      node.put("multiSco", true);
    }
    return node.toString();
  }

  static List<Map<String, Object>> introBlocks() {
    return List.of(
        heading("Cells"),
        Map.of("type", "text", "html", "<p>Cells are <strong>small</strong>.</p>"),
        imageBlock(),
        Map.of("type", "audio", "media", "media:" + audioId, "title", "Heartbeat"),
        Map.of(
            "type",
            "callout",
            "variant",
            "tip",
            "title",
            "Remember",
            "text",
            "Cells < tissues & organs"),
        Map.of("type", "embed", "url", "https://www.youtube.com/embed/abc123", "title", "Video"));
  }

  static Map<String, Object> heading(String text) {
    return Map.of("type", "heading", "text", text);
  }

  static Map<String, Object> imageBlock() {
    return Map.of("type", "image", "media", "media:" + imageId, "alt", "A cell", "caption", "Cell");
  }

  static Map<String, Object> quizBlock() {
    return Map.of(
        "type",
        "quiz",
        "title",
        "Cells quiz",
        "passingScore",
        70,
        "questions",
        List.of(
            Map.of(
                "type",
                "multiple_choice",
                "prompt",
                "Smallest unit of life?",
                "points",
                1,
                "choices",
                List.of(Map.of("text", "Cell", "correct", true), Map.of("text", "Organ"))),
            Map.of(
                "type",
                "multiple_answers",
                "prompt",
                "Which are organelles?",
                "points",
                2,
                "choices",
                List.of(
                    Map.of("text", "Nucleus", "correct", true),
                    Map.of("text", "Ribosome", "correct", true),
                    Map.of("text", "Femur"))),
            Map.of("type", "true_false", "prompt", "Cells divide.", "points", 1, "answer", true),
            Map.of(
                "type",
                "short_answer",
                "prompt",
                "Powerhouse of the cell?",
                "points",
                1,
                "answers",
                List.of("mitochondria", "mitochondrion")),
            Map.of(
                "type",
                "numeric",
                "prompt",
                "Chromosomes in a human cell?",
                "points",
                1,
                "answer",
                46,
                "tolerance",
                0)));
  }

  static String upload(String name, String type, byte[] bytes) throws Exception {
    HttpResponse<byte[]> r =
        send(
            "POST",
            "/api/v1/media",
            Multipart.contentType(),
            new Multipart().file("file", name, type, bytes).build(),
            BEARER);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
    return JSON.readTree(r.body()).get("id").asText();
  }

  /** Creates and publishes a lesson; returns {lessonId, versionId}. */
  static String[] publish(String title, List<Map<String, Object>> blocks) throws Exception {
    HttpResponse<byte[]> lesson =
        send(
            "POST",
            "/api/lessons",
            "application/json",
            JSON.writeValueAsString(Map.of("title", title, "content", Map.of("blocks", blocks))),
            BEARER);
    assertThat(lesson.statusCode()).as(text(lesson)).isEqualTo(201);
    String lessonId = JSON.readTree(lesson.body()).get("id").asText();
    HttpResponse<byte[]> version =
        send("POST", "/api/lessons/" + lessonId + "/versions", null, null, BEARER);
    assertThat(version.statusCode()).as(text(version)).isEqualTo(201);
    return new String[] {lessonId, JSON.readTree(version.body()).get("id").asText()};
  }

  /** {@code POST /api/v1/courses}, then polls the job to completed; returns the course id. */
  static String createCourse(String subject, String[]... lessons) throws Exception {
    List<Map<String, Object>> modules = new ArrayList<>();
    int n = 0;
    for (String[] l : lessons) {
      modules.add(
          Map.of(
              "title",
              "Module " + ++n,
              "lessons",
              List.of(Map.of("lessonId", l[0], "versionId", l[1]))));
    }
    HttpResponse<byte[]> accepted =
        send(
            "POST",
            "/api/v1/courses",
            "application/json",
            JSON.writeValueAsString(
                Map.of("subject", subject, "headline", "An e2e course", "modules", modules)),
            BEARER);
    assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
    String poll = JSON.readTree(accepted.body()).get("pollUrl").asText();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      HttpResponse<byte[]> job = send("GET", poll, null, null, BEARER);
      assertThat(job.statusCode()).as(text(job)).isEqualTo(200);
      JsonNode j = JSON.readTree(job.body());
      String status = j.get("status").asText();
      if (status.equals("completed")) {
        return j.at("/course/id").asText();
      }
      assertThat(status).as("%s", j).isIn("pending", "running");
      assertThat(System.nanoTime()).as("job still %s", status).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /**
   * Uploads {@code zip} to {@code /api/v2/courses/importJobs/upload} as SCORM Cloud's client does,
   * polls the job and asserts it COMPLETE without parser warnings; returns the imported course.
   */
  static JsonNode reimport(String id, byte[] zip) throws Exception {
    String boundary = "Boundary_e2e_" + id;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: form-data; filename=\""
                + id
                + ".zip\"; name=\"file\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(zip);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    String basic = CourseportServerExtension.basic(CourseportServerExtension.KEY);
    HttpResponse<byte[]> started =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(server.http() + "/api/v2/courses/importJobs/upload?courseId=" + id))
                .header("Content-Type", "multipart/form-data;boundary=" + boundary)
                .header("Accept", "application/json")
                .header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(started.statusCode()).as(text(started)).isEqualTo(200);
    String jobId = JSON.readTree(started.body()).get("result").asText();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (true) {
      HttpResponse<byte[]> r =
          send("GET", "/api/v2/courses/importJobs/" + jobId, null, null, basic);
      assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
      JsonNode job = JSON.readTree(r.body());
      if (!job.path("status").asText().equals("RUNNING")) {
        assertThat(job.path("status").asText()).as("%s", job).isEqualTo("COMPLETE");
        assertThat(job.at("/importResult/parserWarnings")).as("%s", job).isEmpty();
        return job.at("/importResult/course");
      }
      assertThat(System.nanoTime()).as("import still running").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  static HttpResponse<byte[]> get(String url, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> send(
      String method, String path, String contentType, Object body, String auth) throws Exception {
    byte[] bytes =
        body == null
            ? null
            : body instanceof byte[] raw ? raw : ((String) body).getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.http() + path))
            .timeout(Duration.ofMinutes(2))
            .method(
                method,
                bytes == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> r) {
    return r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
  }

  static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

package org.courseport.server.contentexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.courseport.server.export.scorm.AuthoredCourses;
import org.courseport.server.media.MediaSamples;
import org.courseport.server.media.Multipart;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Canvas content exports against the REAL course export engine on the real server (Services, the
 * Armeria front, the worker): an authored course (media and a quiz of every question type) as
 * Common Cartridge 1.3 and 1.1 (re-imported through the SCORM Cloud import route), QTI and zip; an
 * imported SCORM 1.2 course as zip, refused as cartridge and QTI with a message; a group of both as
 * one zip with a folder per course. Every job is polled through its Progress to 100/completed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CanvasRealExportTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String BEARER = "Bearer " + CourseportServerExtension.KEY;
  static final String BASIC = CourseportServerExtension.basic(CourseportServerExtension.KEY);

  static byte[] png;
  static String mediaId;
  static String authoredId;
  static final String IMPORTED_ID = "tiny-scorm12";

  @BeforeAll
  static void courses() throws Exception {
    png = MediaSamples.png(4000, 11);
    JsonNode media =
        json(
            send(
                "POST",
                "/api/v1/media",
                Multipart.contentType(),
                new Multipart().file("file", "cell.png", "image/png", png).build(),
                BEARER),
            201);
    mediaId = media.get("id").asText();
    String reading =
        "{\"blocks\":[{\"type\":\"heading\",\"text\":\"Cells\"},"
            + "{\"type\":\"text\",\"html\":\"<p>Cells are small.</p>\"},"
            + "{\"type\":\"image\",\"media\":\"media:"
            + mediaId
            + "\",\"alt\":\"A cell\"}]}";
    String[] cells = publishedLesson("Cells", reading);
    String[] quiz = publishedLesson("Check yourself", AuthoredCourses.QUIZ_LESSON.strip());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", "Biology basics");
    body.put("headline", "Cells and a quiz");
    body.put(
        "modules",
        List.of(
            Map.of("title", "Reading", "lessons", List.of(ref(cells))),
            Map.of("title", "Test", "lessons", List.of(ref(quiz)))));
    JsonNode accepted =
        json(
            send(
                "POST",
                "/api/v1/courses",
                "application/json",
                JSON.writeValueAsBytes(body),
                BEARER),
            202);
    String pollUrl = accepted.get("pollUrl").asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    JsonNode job;
    while (true) {
      job = json(send("GET", pollUrl, null, null, BEARER), 200);
      String status = job.get("status").asText();
      if (status.equals("completed") || status.equals("failed")) {
        break;
      }
      assertThat(System.nanoTime()).as("course job still %s", status).isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(job.get("status").asText()).as("%s", job).isEqualTo("completed");
    authoredId = job.at("/course/id").asText();

    JsonNode imported = importThroughScormCloud(IMPORTED_ID, scorm12Package());
    assertThat(imported.at("/importResult/course/courseLearningStandard").asText())
        .isEqualTo("SCORM12");
  }

  @Test
  void authoredCourse_asCommonCartridge13_reimportsAsACartridge() throws Exception {
    JsonNode done = export("courses", authoredId, "{\"export_type\":\"common_cartridge\"}");
    byte[] cc = download(done, ".imscc");
    Map<String, byte[]> entries = entries(cc);
    String manifest = text(entries.get("imsmanifest.xml"));
    assertThat(manifest)
        .contains("http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1")
        .contains("imsqti_xmlv1p2/imscc_xmlv1p3/assessment");
    assertThat(entries.keySet()).anyMatch(n -> n.endsWith("assessment_qti.xml"));
    JsonNode job = importThroughScormCloud("cc13-again", cc);
    assertThat(job.at("/importResult/course/packageFormat").asText()).isEqualTo("imscc-1.3");
    assertThat(job.at("/importResult/course/courseLearningStandard").asText()).isEqualTo("UNKNOWN");
    assertThat(job.at("/importResult/parserWarnings")).as("%s", job).isEmpty();
  }

  @Test
  void authoredCourse_asCommonCartridge11_reimportsAsACartridge() throws Exception {
    JsonNode done =
        export(
            "courses", authoredId, "{\"export_type\":\"common_cartridge\",\"cc_version\":\"1.1\"}");
    byte[] cc = download(done, "-cc11.imscc");
    assertThat(text(entries(cc).get("imsmanifest.xml")))
        .contains("http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1")
        .contains("imsqti_xmlv1p2/imscc_xmlv1p1/assessment");
    JsonNode job = importThroughScormCloud("cc11-again", cc);
    assertThat(job.at("/importResult/course/packageFormat").asText()).isEqualTo("imscc-1.1");
    assertThat(job.at("/importResult/parserWarnings")).as("%s", job).isEmpty();
  }

  @Test
  void authoredCourse_asQti_hasOneAssessmentPerQuiz() throws Exception {
    JsonNode done = export("courses", authoredId, "{\"export_type\":\"qti\"}");
    Map<String, byte[]> entries = entries(download(done, "-qti.zip"));
    String manifest = text(entries.get("imsmanifest.xml"));
    assertThat(manifest.split("type=\"imsqti_xmlv1p2\"", -1)).hasSize(2);
    List<String> assessments =
        entries.keySet().stream()
            .filter(n -> n.matches("QUIZ-L\\d+-Q\\d+/QUIZ-L\\d+-Q\\d+\\.xml"))
            .toList();
    assertThat(assessments).hasSize(1);
    String qti = text(entries.get(assessments.get(0)));
    assertThat(qti)
        .contains("<questestinterop")
        .contains("multiple_choice_question")
        .contains("multiple_answers_question")
        .contains("true_false_question")
        .contains("short_answer_question")
        .contains("numerical_question");
    assertThat(manifest).contains(assessments.get(0));
  }

  @Test
  void authoredCourse_asZip_holdsTheLessonPagesAndMedia() throws Exception {
    JsonNode done = export("courses", authoredId, "{\"export_type\":\"zip\"}");
    Map<String, byte[]> entries = entries(download(done, ".zip"));
    assertThat(entries).containsKey("index.html").doesNotContainKey("imsmanifest.xml");
    String index = text(entries.get("index.html"));
    assertThat(index).contains("Cells are small.").contains("Which colour means stop?");
    assertThat(entries.values()).anyMatch(b -> java.util.Arrays.equals(b, png));
    String mediaPath =
        entries.entrySet().stream()
            .filter(e -> java.util.Arrays.equals(e.getValue(), png))
            .findFirst()
            .orElseThrow()
            .getKey();
    assertThat(index).contains(mediaPath);
  }

  @Test
  void importedScorm12_zipWorks_cartridgeAndQtiFailWithAMessage() throws Exception {
    JsonNode zip = export("courses", IMPORTED_ID, "{\"export_type\":\"zip\"}");
    Map<String, byte[]> entries = entries(download(zip, ".zip"));
    assertThat(entries).containsKeys("imsmanifest.xml", "page.html");
    assertThat(text(entries.get("page.html"))).contains("Hello SCORM");

    JsonNode cc = exportEnding("courses", IMPORTED_ID, "{\"export_type\":\"common_cartridge\"}");
    assertThat(cc.get("workflow_state").asText()).as("%s", cc).isEqualTo("failed");
    assertThat(cc.has("attachment")).isFalse();
    JsonNode ccProgress = progress(cc);
    assertThat(ccProgress.get("workflow_state").asText()).isEqualTo("failed");
    assertThat(ccProgress.get("message").asText())
        .as("%s", ccProgress)
        .startsWith("A SCORM 1.2 course cannot be exported as ")
        .contains("1 SCO(s) call the SCORM API of an LMS")
        .contains("export it as SCORM instead");

    JsonNode qti = exportEnding("courses", IMPORTED_ID, "{\"export_type\":\"qti\"}");
    assertThat(qti.get("workflow_state").asText()).as("%s", qti).isEqualTo("failed");
    JsonNode qtiProgress = progress(qti);
    assertThat(qtiProgress.get("workflow_state").asText()).isEqualTo("failed");
    assertThat(qtiProgress.get("message").asText())
        .as("%s", qtiProgress)
        .startsWith("A SCORM 1.2 course cannot be exported as QTI: ");
  }

  @Test
  void groupOfBothCourses_isOneZipWithAFolderPerCourse() throws Exception {
    Map<String, Object> body =
        Map.of("name", "Both", "course_ids", List.of(authoredId, IMPORTED_ID));
    JsonNode group =
        json(
            send(
                "POST", "/api/v1/groups", "application/json", JSON.writeValueAsBytes(body), BEARER),
            200);
    int groupId = group.get("id").asInt();
    JsonNode done = export("groups", Integer.toString(groupId), "{\"export_type\":\"zip\"}");
    byte[] zip = download(done, "group-" + groupId + "-zip.zip");
    Map<String, byte[]> outer = entries(zip);
    List<String> folders = new ArrayList<>();
    for (String name : outer.keySet()) {
      folders.add(name.substring(0, name.indexOf('/') + 1));
    }
    assertThat(folders).containsExactly(authoredId + "/", IMPORTED_ID + "/");
    for (var e : outer.entrySet()) {
      Map<String, byte[]> inner = entries(e.getValue());
      if (e.getKey().startsWith(authoredId + "/")) {
        assertThat(inner).containsKey("index.html");
        assertThat(inner.values()).anyMatch(b -> java.util.Arrays.equals(b, png));
      } else {
        assertThat(inner).containsKeys("imsmanifest.xml", "page.html");
      }
    }
  }

  // ---- Canvas calls

  /** Starts an export and waits until it is exported (progress 100, completed). */
  static JsonNode export(String type, String id, String request) throws Exception {
    JsonNode done = exportEnding(type, id, request);
    assertThat(done.get("workflow_state").asText())
        .as("%s %s", done, progress(done))
        .isEqualTo("exported");
    JsonNode progress = progress(done);
    assertThat(progress.get("completion").asDouble()).isEqualTo(100.0);
    assertThat(progress.get("workflow_state").asText()).isEqualTo("completed");
    assertThat(progress.has("message")).isFalse();
    return done;
  }

  /** Starts an export and polls its Progress until it ended; returns the ContentExport. */
  static JsonNode exportEnding(String type, String id, String request) throws Exception {
    String base = "/api/v1/" + type + "/" + id + "/content_exports";
    JsonNode created =
        json(
            send(
                "POST", base, "application/json", request.getBytes(StandardCharsets.UTF_8), BEARER),
            200);
    assertThat(created.get("workflow_state").asText()).isEqualTo("created");
    int exportId = created.get("id").asInt();
    String progressUrl = created.get("progress_url").asText();
    assertThat(progressUrl).isEqualTo(publicBase() + "/api/v1/progress/" + exportId);
    // Hang detection only; each poll is one real request.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    double last = 0;
    while (true) {
      JsonNode p = json(send("GET", progressUrl, null, null, BEARER), 200);
      String state = p.get("workflow_state").asText();
      assertThat(state).isIn("queued", "running", "completed", "failed");
      double completion = p.get("completion").asDouble();
      assertThat(completion).as("completion never goes back").isGreaterThanOrEqualTo(last);
      last = completion;
      if (state.equals("completed") || state.equals("failed")) {
        break;
      }
      assertThat(System.nanoTime()).as("export %s still %s", exportId, state).isLessThan(deadline);
      Thread.onSpinWait();
    }
    return json(send("GET", base + "/" + exportId, null, null, BEARER), 200);
  }

  static JsonNode progress(JsonNode export) throws Exception {
    return json(send("GET", export.get("progress_url").asText(), null, null, BEARER), 200);
  }

  /** Downloads attachment.url without credentials; checks the headers. */
  static byte[] download(JsonNode done, String fileNameEnd) throws Exception {
    String url = done.get("attachment").get("url").asText();
    assertThat(url).startsWith(publicBase() + "/files/");
    HttpResponse<byte[]> r = send("GET", url, null, null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValueAsLong("content-length")).hasValue(r.body().length);
    assertThat(r.headers().firstValue("content-disposition").orElse(""))
        .contains("attachment")
        .contains(fileNameEnd + "\"");
    return r.body();
  }

  /** The public base without COURSEPORT_PUBLIC_BASE_URL: localhost on the HTTP port. */
  static String publicBase() {
    return "http://localhost:" + server.server().httpPort();
  }

  // ---- SCORM Cloud import

  static JsonNode importThroughScormCloud(String courseId, byte[] zip) throws Exception {
    return importThroughScormCloud(server.http(), courseId, zip);
  }

  /** Imports a package through the SCORM Cloud upload route of the server at {@code http}. */
  static JsonNode importThroughScormCloud(URI http, String courseId, byte[] zip) throws Exception {
    String boundary = "canvasRealExportBoundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\""
                + courseId
                + ".zip\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(zip);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode started =
        json(
            send(
                "POST",
                http + "/api/v2/courses/importJobs/upload?courseId=" + courseId,
                "multipart/form-data; boundary=" + boundary,
                body.toByteArray(),
                BASIC),
            200);
    String jobId = started.get("result").asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      JsonNode job =
          json(send("GET", http + "/api/v2/courses/importJobs/" + jobId, null, null, BASIC), 200);
      if (!job.get("status").asText().equals("RUNNING")) {
        assertThat(job.get("status").asText())
            .as("import of %s: %s", courseId, job)
            .isEqualTo("COMPLETE");
        return job;
      }
      assertThat(System.nanoTime()).as("import %s still running", courseId).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** A SCORM 1.2 package with one SCO. */
  static byte[] scorm12Package() throws IOException {
    String manifest =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="tiny" version="1.0"
            xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
            xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
          <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
          <organizations default="org">
            <organization identifier="org">
              <title>Tiny</title>
              <item identifier="i1" identifierref="r1"><title>Hello</title></item>
            </organization>
          </organizations>
          <resources>
            <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="page.html">
              <file href="page.html"/>
            </resource>
          </resources>
        </manifest>
        """;
    String page =
        "<!DOCTYPE html><html><head><title>Hello</title></head><body><p>Hello SCORM</p>"
            + "<script>var a=window.parent.API;if(a){a.LMSInitialize('');"
            + "a.LMSSetValue('cmi.core.lesson_status','completed');a.LMSFinish('');}</script>"
            + "</body></html>";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("imsmanifest.xml"));
      zip.write(manifest.getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("page.html"));
      zip.write(page.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  // ---- authoring

  static String[] publishedLesson(String title, String content) throws Exception {
    String body = "{\"title\":" + JSON.writeValueAsString(title) + ",\"content\":" + content + "}";
    JsonNode lesson =
        json(
            send(
                "POST",
                "/api/lessons",
                "application/json",
                body.getBytes(StandardCharsets.UTF_8),
                BEARER),
            201);
    String lessonId = lesson.get("id").asText();
    JsonNode version =
        json(send("POST", "/api/lessons/" + lessonId + "/versions", null, null, BEARER), 201);
    return new String[] {lessonId, version.get("id").asText()};
  }

  static Map<String, Object> ref(String[] lesson) {
    return Map.of("lessonId", lesson[0], "versionId", lesson[1]);
  }

  // ---- plumbing

  static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          assertThat(entries.put(e.getName(), in.readAllBytes())).as(e.getName()).isNull();
        }
      }
    }
    assertThat(entries).as("a readable zip with entries").isNotEmpty();
    return entries;
  }

  static String text(byte[] bytes) {
    assertThat(bytes).isNotNull();
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static JsonNode json(HttpResponse<byte[]> r, int status) throws IOException {
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as("%s %s", r.uri(), text).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  static HttpResponse<byte[]> send(
      String method, String pathOrUrl, String contentType, byte[] body, String authorization)
      throws IOException, InterruptedException {
    String url = pathOrUrl.startsWith("http") ? pathOrUrl : server.http() + pathOrUrl;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), BodyHandlers.ofByteArray());
  }
}

package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.ScormCloudRest.dateTime;
import static org.courseport.server.rest.ScormCloudRest.enc;
import static org.courseport.server.rest.ScormCloudRest.message;
import static org.courseport.server.rest.ScormCloudRest.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /courses} with every query parameter as the clients send them (camelCase), paged by
 * {@code more} with a page size of 2. One tenant of its own holds five courses, imported in the
 * order a..e; {@code list-b} is updated last.
 */
class CourseListRestTest {
  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_PAGE_SIZE", "2");

  private static ScormCloudRest api;
  private static final Map<String, JsonNode> courses = new java.util.HashMap<>();

  @BeforeAll
  static void importFiveCourses() {
    api = ScormCloudRest.basic(server, server.newTenant());
    String[][] fixture = {
      {"list-a", "Alpha", "red"},
      {"list-b", "Bravo", "blue"},
      {"list-c", "Charlie", "red,green"},
      {"list-d", "Delta", ""},
      {"list-e", "Echo", "blue"},
    };
    for (String[] c : fixture) {
      api.importCourse(c[0], TestPackages.scorm12(c[1]));
      List<String> tags = c[2].isEmpty() ? List.of() : List.of(c[2].split(","));
      assertThat(api.put("/courses/" + c[0] + "/tags", obj("tags", tags)).status()).isEqualTo(204);
      ScormCloudRest.sleep(20); // distinct creation times
    }
    // Update list-b last (same title, so title order stays).
    assertThat(api.put("/courses/list-b/title", obj("title", "Bravo")).status()).isEqualTo(204);
    for (String[] c : fixture) {
      courses.put(c[0], api.get("/courses/" + c[0]).json());
    }
  }

  @Test
  void defaultListing_isNewestFirst_pagedByMore_withMoreOmittedOnTheLastPage() {
    List<JsonNode> pages = walk("/courses");

    assertThat(pages).hasSize(3);
    assertThat(ids(pages.get(0))).containsExactly("list-e", "list-d");
    assertThat(ids(pages.get(1))).containsExactly("list-c", "list-b");
    assertThat(ids(pages.get(2))).containsExactly("list-a");
    assertThat(pages.get(0).get("more").isTextual()).isTrue();
    assertThat(pages.get(1).get("more").isTextual()).isTrue();
    assertThat(pages.get(2).has("more")).as("last page must omit more").isFalse();
  }

  @Test
  void listedCourses_haveTheCourseSchemaShape() {
    JsonNode course = api.get("/courses?filter=list-c").json().get("courses").get(0);

    assertThat(course.get("id").asText()).isEqualTo("list-c");
    assertThat(course.get("title").asText()).isEqualTo("Charlie");
    assertThat(course.get("version").isInt()).isTrue();
    assertThat(course.get("version").asInt()).isZero();
    assertThat(course.get("courseLearningStandard").asText()).isEqualTo("SCORM12");
    assertThat(course.get("tags"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("red", "green");
    dateTime(course.get("created"));
    dateTime(course.get("updated"));
    assertThat(course.has("registrationCount")).isFalse();
    assertThat(course.has("metadata")).isFalse();
    assertThat(course.get("rootActivity").isObject()).isTrue();
  }

  @Test
  void moreToken_keepsTheOriginalFilters() {
    List<JsonNode> pages = walk("/courses?tags=red,blue&orderBy=created_asc");

    assertThat(pages).hasSize(2);
    assertThat(ids(pages.get(0))).containsExactly("list-a", "list-b");
    assertThat(ids(pages.get(1))).containsExactly("list-c", "list-e");
    assertThat(pages.get(1).has("more")).isFalse();
  }

  @Test
  void includeTotalCount_setsXTotalCountOnTheFirstPageOnly() {
    Response first = api.get("/courses?includeTotalCount=true");

    assertThat(first.header("X-Total-Count")).isEqualTo("5");
    Response second = api.get("/courses?more=" + enc(first.json().get("more").asText()));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.header("X-Total-Count")).isNull();
    assertThat(api.get("/courses").header("X-Total-Count")).isNull();
    assertThat(api.get("/courses?includeTotalCount=false").header("X-Total-Count")).isNull();
    assertThat(api.get("/courses?includeTotalCount=true&tags=red").header("X-Total-Count"))
        .isEqualTo("2");
  }

  @Test
  void xTotalCount_isSpelledAsDocumented_onTheWire() throws Exception {
    String head;
    try (Socket socket = new Socket("127.0.0.1", server.http().getPort())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("GET /api/v2/courses?includeTotalCount=true HTTP/1.1\r\n"
                      + "Host: localhost\r\nAccept: application/json\r\n"
                      + "Authorization: "
                      + api.authorization()
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      head = response.substring(0, response.indexOf("\r\n\r\n"));
    }

    assertThat(head).startsWith("HTTP/1.1 200").contains("\r\nX-Total-Count: 5");
  }

  @ParameterizedTest
  @CsvSource({
    "created_asc, list-a list-b list-c list-d list-e",
    "created_desc, list-e list-d list-c list-b list-a",
    "title_asc, list-a list-b list-c list-d list-e",
    "title_desc, list-e list-d list-c list-b list-a",
    "updated_desc, list-b list-e list-d list-c list-a",
    "updated_asc, list-a list-c list-d list-e list-b",
  })
  void orderBy_ordersAsNamed(String orderBy, String expected) {
    assertThat(allIds("/courses?orderBy=" + orderBy)).containsExactly(expected.split(" "));
  }

  @Test
  void tags_matchAnyOfTheCsvValues() {
    assertThat(allIds("/courses?tags=red")).containsExactlyInAnyOrder("list-a", "list-c");
    assertThat(allIds("/courses?tags=red,blue"))
        .containsExactlyInAnyOrder("list-a", "list-b", "list-c", "list-e");
    assertThat(allIds("/courses?tags=" + enc("green,nothing"))).containsExactlyInAnyOrder("list-c");
    assertThat(allIds("/courses?tags=nothing")).isEmpty();
  }

  @Test
  void filter_appliesToCourseIdByDefault_andToTitleOrTagsWithFilterBy() {
    assertThat(allIds("/courses?filter=list-c")).containsExactly("list-c");
    assertThat(allIds("/courses?filter=list-c&filterBy=course_id")).containsExactly("list-c");
    assertThat(allIds("/courses?filter=harl&filterBy=title")).containsExactly("list-c");
    assertThat(allIds("/courses?filter=gree&filterBy=tags")).containsExactly("list-c");
    assertThat(allIds("/courses?filter=Alpha")).as("course_id, not title").isEmpty();
  }

  @Test
  void sinceAndUntil_applyToCreatedWithDatetimeFilterCreated() {
    String dCreated = courses.get("list-d").get("created").asText();
    String bCreated = courses.get("list-b").get("created").asText();

    assertThat(allIds("/courses?datetimeFilter=created&since=" + enc(dCreated)))
        .containsExactly("list-e", "list-d");
    assertThat(allIds("/courses?datetimeFilter=created&until=" + enc(bCreated)))
        .containsExactly("list-b", "list-a");
    assertThat(
            allIds(
                "/courses?datetimeFilter=created&since="
                    + enc(bCreated)
                    + "&until="
                    + enc(dCreated)))
        .containsExactly("list-d", "list-c", "list-b");
  }

  @Test
  void sinceAndUntil_applyToUpdatedByDefault() {
    String bUpdated = courses.get("list-b").get("updated").asText();

    assertThat(allIds("/courses?since=" + enc(bUpdated))).containsExactly("list-b");
    assertThat(allIds("/courses?datetimeFilter=updated&since=" + enc(bUpdated)))
        .containsExactly("list-b");
    assertThat(allIds("/courses?datetimeFilter=created&since=" + enc(bUpdated))).isEmpty();
  }

  @Test
  void sinceAndUntil_acceptTheFormsTheJavaClientSends() {
    // OffsetDateTime.toString() drops zero seconds: 2024-01-01T00:00Z.
    assertThat(allIds("/courses?since=2024-01-01T00:00Z")).hasSize(5);
    assertThat(allIds("/courses?until=2024-01-01T00:00Z")).isEmpty();
    assertThat(allIds("/courses?since=2024-01-01T00:00:00.000Z")).hasSize(5);
    assertThat(allIds("/courses?since=" + enc("2024-01-01T01:00+01:00"))).hasSize(5);
    assertThat(allIds("/courses?since=2024-01-01T01:00:00+01:00")).as("unencoded +").hasSize(5);
    assertThat(allIds("/courses?since=2024-01-01T00:00:00")).as("no offset: UTC").hasSize(5);
    String javaClientForm =
        OffsetDateTime.parse(courses.get("list-d").get("created").asText()).toString();
    assertThat(allIds("/courses?datetimeFilter=created&since=" + enc(javaClientForm)))
        .containsExactly("list-e", "list-d");
  }

  @Test
  void emptyResult_hasAnEmptyCoursesArrayAndNoMore() {
    JsonNode page = api.get("/courses?until=2000-01-01T00:00Z").json();

    assertThat(page.get("courses").isArray()).isTrue();
    assertThat(page.get("courses")).isEmpty();
    assertThat(page.has("more")).isFalse();
  }

  @Test
  void includeCourseMetadataAndRegistrationCount_addTheirFields() {
    JsonNode course =
        api.get(
                "/courses?filter=list-a&includeCourseMetadata=true"
                    + "&includeRegistrationCount=true")
            .json()
            .get("courses")
            .get(0);

    assertThat(course.get("metadata").isObject()).isTrue();
    assertThat(course.get("registrationCount").isInt()).isTrue();
    assertThat(course.get("registrationCount").asInt()).isZero();
    JsonNode plain =
        api.get(
                "/courses?filter=list-a&includeCourseMetadata=false"
                    + "&includeRegistrationCount=false")
            .json()
            .get("courses")
            .get(0);
    assertThat(plain.has("metadata")).isFalse();
    assertThat(plain.has("registrationCount")).isFalse();
  }

  @Test
  void otherTenantsCourses_areNotListed() {
    ScormCloudRest other = ScormCloudRest.basic(server, server.newTenant());

    assertThat(other.get("/courses").json().get("courses")).isEmpty();
    assertThat(allIds("/courses")).hasSize(5);
  }

  @ParameterizedTest
  @CsvSource({
    "orderBy=sideways, orderBy",
    "filterBy=colour&filter=x, filterBy",
    "datetimeFilter=never, datetimeFilter",
    "since=yesterday, since",
    "until=2024-13-45T00:00Z, until",
    "includeTotalCount=yes, includeTotalCount",
    "includeCourseMetadata=1, includeCourseMetadata",
    "includeRegistrationCount=maybe, includeRegistrationCount",
    "more=not-a-token, more",
  })
  void badParameterValue_is400NamingTheParameter(String query, String parameter) {
    assertThat(message(api.get("/courses?" + query), 400)).contains(parameter);
  }

  /** Every page from {@code first} on, following {@code more}. */
  private static List<JsonNode> walk(String first) {
    List<JsonNode> pages = new ArrayList<>();
    Response r = api.get(first);
    for (int i = 0; i < 20; i++) {
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      JsonNode page = r.json();
      pages.add(page);
      if (!page.has("more")) {
        return pages;
      }
      assertThat(page.get("more").asText()).isNotEmpty();
      r = api.get("/courses?more=" + enc(page.get("more").asText()));
    }
    throw new AssertionError("more never ended");
  }

  private static List<String> allIds(String first) {
    List<String> all = new ArrayList<>();
    walk(first).forEach(p -> all.addAll(ids(p)));
    return all;
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("courses").forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }
}

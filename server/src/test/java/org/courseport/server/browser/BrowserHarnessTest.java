package org.courseport.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness itself, with hand-built SCORM 1.2 and 2004 packages whose own scripts call the API:
 * the package finds scorm-again's API in the LMS page, the LMS's initial values reach it, and what
 * it reports is read back from the runtime and from the commits the LMS received.
 */
class BrowserHarnessTest {

  @RegisterExtension static final BrowserHarness browser = new BrowserHarness();

  @Test
  void scorm12PackageReportsAPassToScormAgain() {
    LmsLaunch launch =
        browser
            .launch(
                HandBuiltPackages.scorm12(),
                ScormRuntime.SCORM12,
                "sco/index.html",
                Map.of("cmi.core.student_id", "learner-12", "cmi.student_data.mastery_score", "80"))
            .open();

    assertThat(launch.text("#status")).isEqualTo("learner learner-12");
    launch.click("#answer-b").click("#submit");
    assertThat(launch.text("#result")).isEqualTo("Score 100 of 100");
    launch.unload();

    JsonNode cmi = launch.cmi();
    assertThat(cmi.at("/core/lesson_status").asText()).isEqualTo("passed");
    assertThat(cmi.at("/core/score/raw").asText()).isEqualTo("100");
    assertThat(cmi.at("/core/score/max").asText()).isEqualTo("100");
    assertThat(cmi.at("/core/lesson_location").asText()).isEqualTo("question-1");
    assertThat(cmi.at("/interactions/0/id").asText()).isEqualTo("q1");
    assertThat(cmi.at("/interactions/0/student_response").asText()).isEqualTo("b");
    assertThat(cmi.at("/interactions/0/result").asText()).isEqualTo("correct");
    assertThat(cmi.at("/suspend_data").asText()).isEqualTo("{\"q1\":\"b\"}");
    assertThat(launch.lastSet("cmi.core.session_time")).isEqualTo("00:00:07");
    List<String> calls = launch.calls();
    assertThat(calls).startsWith("LMSInitialize").endsWith("LMSFinish").contains("LMSCommit");

    // The LMS received the commits: the last carries the final state.
    List<JsonNode> commits = launch.commits();
    assertThat(commits).isNotEmpty();
    JsonNode last = commits.get(commits.size() - 1);
    assertThat(last.at("/cmi/core/lesson_status").asText()).isEqualTo("passed");
    assertThat(last.at("/cmi/core/score/raw").asText()).isEqualTo("100");
  }

  @Test
  void scorm12WrongAnswerBelowTheMasteryScoreFails() {
    LmsLaunch launch =
        browser
            .launch(
                HandBuiltPackages.scorm12(),
                ScormRuntime.SCORM12,
                "sco/index.html",
                Map.of("cmi.student_data.mastery_score", "80"))
            .open();

    launch.click("#answer-a").click("#submit");
    assertThat(launch.text("#result")).isEqualTo("Score 0 of 100");
    launch.unload();

    JsonNode cmi = launch.cmi();
    assertThat(cmi.at("/core/lesson_status").asText()).isEqualTo("failed");
    assertThat(cmi.at("/core/score/raw").asText()).isEqualTo("0");
    assertThat(cmi.at("/interactions/0/result").asText()).isEqualTo("wrong");
  }

  @Test
  void scorm2004PackageReportsCompletionScoreAndSuccess() {
    LmsLaunch launch =
        browser
            .launch(
                HandBuiltPackages.scorm2004(),
                ScormRuntime.SCORM2004,
                "index.html",
                Map.of("cmi.learner_id", "learner-2004", "cmi.scaled_passing_score", "0.8"))
            .open();

    assertThat(launch.text("#status")).isEqualTo("learner learner-2004");
    launch.click("#answer-b").click("#submit");
    assertThat(launch.text("#result")).isEqualTo("Score 100 of 100");
    launch.unload();

    JsonNode cmi = launch.cmi();
    assertThat(cmi.at("/completion_status").asText()).isEqualTo("completed");
    assertThat(cmi.at("/success_status").asText()).isEqualTo("passed");
    assertThat(cmi.at("/score/scaled").asText()).isEqualTo("1");
    assertThat(cmi.at("/score/raw").asText()).isEqualTo("100");
    assertThat(cmi.at("/location").asText()).isEqualTo("question-1");
    assertThat(cmi.at("/interactions/0/learner_response").asText()).isEqualTo("b");
    assertThat(cmi.at("/interactions/0/result").asText()).isEqualTo("correct");
    assertThat(launch.lastSet("cmi.session_time")).isEqualTo("PT7S");
    assertThat(launch.calls()).startsWith("Initialize").endsWith("Terminate").contains("Commit");
    JsonNode last = launch.commits().get(launch.commits().size() - 1);
    assertThat(last.at("/cmi/success_status").asText()).isEqualTo("passed");
  }

  @Test
  void scorm2004WrongAnswerFailsButCompletes() {
    LmsLaunch launch =
        browser
            .launch(
                HandBuiltPackages.scorm2004(),
                ScormRuntime.SCORM2004,
                "index.html",
                Map.of("cmi.scaled_passing_score", "0.8"))
            .open();

    launch.click("#answer-a").click("#submit");
    launch.unload();

    JsonNode cmi = launch.cmi();
    assertThat(cmi.at("/completion_status").asText()).isEqualTo("completed");
    assertThat(cmi.at("/success_status").asText()).isEqualTo("failed");
    assertThat(cmi.at("/score/scaled").asText()).isEqualTo("0");
    assertThat(cmi.at("/interactions/0/result").asText()).isEqualTo("incorrect");
  }

  @Test
  void lmsServesOnlyThePackagesFiles() throws Exception {
    LmsLaunch launch =
        browser.launch(HandBuiltPackages.scorm2004(), ScormRuntime.SCORM2004, "index.html");
    String id = launch.url().substring(launch.url().lastIndexOf('/') + 1);
    HttpClient client = HttpClient.newHttpClient();

    assertThat(get(client, "/content/" + id + "/quiz.js").statusCode()).isEqualTo(200);
    assertThat(get(client, "/content/" + id + "/quiz.js").headers().firstValue("content-type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(get(client, "/content/" + id + "/missing.js").statusCode()).isEqualTo(404);
    assertThat(get(client, "/content/" + id + "/%2e%2e/" + id + "/quiz.js").statusCode())
        .isEqualTo(404);
    assertThat(get(client, "/scorm-again/..%2fpackage.json").statusCode()).isEqualTo(404);
    assertThat(get(client, "/content/launch-999/quiz.js").statusCode()).isEqualTo(404);
    assertThat(get(client, "/scorm-again/scorm-again.js").body()).contains("Scorm2004API");
  }

  private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(browser.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

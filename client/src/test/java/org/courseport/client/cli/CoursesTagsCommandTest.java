package org.courseport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.courseport.api.v1.PutCourseTagsBatchRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoursesTagsCommandTest {
  private CliHarness cli;

  @BeforeEach
  void start() throws Exception {
    cli = new CliHarness();
    cli.service.tags.put("golf", List.of("sport", "intro"));
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void tags_printsOneTagPerLine() {
    CliHarness.Run run = cli.run("courses", "tags", "golf");

    assertThat(run.outLines()).containsExactly("sport", "intro");
  }

  @Test
  void tags_set_replacesAllTags() {
    CliHarness.Run run = cli.run("courses", "tags", "golf", "--set", "a, b,a");

    assertThat(run.outLines()).containsExactly("a", "b");
    assertThat(cli.service.tags.get("golf")).containsExactly("a", "b");
  }

  @Test
  void tags_add_addsThroughTheBatchCall() {
    CliHarness.Run run = cli.run("courses", "tags", "golf", "--add", "new");

    assertThat(run.outLines()).containsExactly("sport", "intro", "new");
    assertThat(cli.service.last(PutCourseTagsBatchRequest.class).getBatch().getIdsList())
        .containsExactly("golf");
  }

  @Test
  void tags_remove_removesOnlyThoseTags() {
    CliHarness.Run run = cli.run("courses", "tags", "golf", "--remove", "sport");

    assertThat(run.outLines()).containsExactly("intro");
  }

  @Test
  void tags_twoChangesAtOnce_isAUsageError() {
    CliHarness.Run run = cli.run("courses", "tags", "golf", "--set", "a", "--add", "b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(cli.courseport.headers).isEmpty();
  }

  @Test
  void tags_json_printsTheTagList() {
    CliHarness.Run run = cli.run("courses", "tags", "golf", "--json");

    assertThat(run.out()).contains("\"tags\": [\"sport\", \"intro\"]");
  }
}

package org.courseport.server.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session's status rolled up over its SCOs. */
class RollupTest {
  static ScoState sco(String id, String completion, String success, Double scaled, Double raw) {
    return new ScoState(
        id,
        "{}",
        completion,
        success,
        scaled,
        raw,
        "",
        "",
        "",
        Duration.ofSeconds(10),
        "k",
        Duration.ZERO);
  }

  @Test
  void aSingleScoIsTheSession() {
    Rollup.Result r =
        Rollup.of(List.of("a"), Map.of("a", sco("a", "completed", "failed", 0.4, 40.0)));
    assertThat(r)
        .isEqualTo(new Rollup.Result("completed", "failed", 0.4, 40.0, Duration.ofSeconds(10)));
    assertThat(Rollup.of(List.of("a"), Map.of()))
        .isEqualTo(new Rollup.Result("not attempted", "unknown", null, null, Duration.ZERO));
  }

  @Test
  void manyScos_completedOnlyWhenEveryScoIsCompleted() {
    List<String> ids = List.of("a", "b", "c");
    Map<String, ScoState> two =
        Map.of(
            "a", sco("a", "completed", "unknown", null, null),
            "b", sco("b", "completed", "passed", 0.9, 90.0));
    Rollup.Result partial = Rollup.of(ids, two);
    assertThat(partial.completionStatus()).isEqualTo("incomplete");
    assertThat(partial.successStatus()).isEqualTo("unknown"); // c unseen: not passed yet
    assertThat(partial.totalTime()).isEqualTo(Duration.ofSeconds(20));

    Map<String, ScoState> all = new java.util.HashMap<>(two);
    all.put("c", sco("c", "completed", "unknown", 0.5, 50.0));
    Rollup.Result done = Rollup.of(ids, all);
    assertThat(done.completionStatus()).isEqualTo("completed");
    assertThat(done.successStatus()).isEqualTo("passed");
    assertThat(done.scoreScaled()).isEqualTo(0.7); // average of the SCOs with a score
    assertThat(done.scoreRaw()).isEqualTo(70.0);
  }

  @Test
  void manyScos_anyFailedFails_andNothingLaunchedIsNotAttempted() {
    List<String> ids = List.of("a", "b");
    assertThat(
            Rollup.of(ids, Map.of("a", sco("a", "incomplete", "failed", null, null)))
                .successStatus())
        .isEqualTo("failed");
    assertThat(Rollup.of(ids, Map.of()).completionStatus()).isEqualTo("not attempted");
    assertThat(
            Rollup.of(ids, Map.of("a", sco("a", "unknown", "unknown", null, null)))
                .completionStatus())
        .isEqualTo("incomplete");
  }
}

package org.courseport.server.domain.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A write tells its changes after it ran, whether it succeeded or failed. */
class CourseChangesTest {
  private final List<String> told = new ArrayList<>();

  @Test
  void aWriteTellsAfterItRan() {
    List<String> order = new ArrayList<>();
    CourseChanges changes =
        tenant -> {
          order.add("told " + tenant);
          told.add(tenant);
        };
    String result =
        CourseChanges.after(
            changes,
            "t1",
            () -> {
              order.add("wrote");
              return "done";
            });
    assertThat(result).isEqualTo("done");
    assertThat(order).containsExactly("wrote", "told t1");

    CourseChanges.run(changes, "t2", () -> order.add("wrote again"));
    assertThat(order).containsExactly("wrote", "told t1", "wrote again", "told t2");
  }

  @Test
  void aFailedWriteTellsToo_itMayHaveBeenApplied() {
    IllegalStateException failure = new IllegalStateException("timed out");
    assertThatThrownBy(
            () ->
                CourseChanges.run(
                    told::add,
                    "t1",
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(told).containsExactly("t1");
  }

  @Test
  void aFailureToTellAfterAFailedWriteIsAddedToTheWritesFailure() {
    IllegalStateException failure = new IllegalStateException("write failed");
    IllegalStateException tellFailure = new IllegalStateException("tell failed");
    assertThatThrownBy(
            () ->
                CourseChanges.run(
                    tenant -> {
                      throw tellFailure;
                    },
                    "t1",
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(tellFailure));
  }

  @Test
  void aFailureToTellAfterASuccessfulWriteFailsTheCaller() {
    IllegalStateException tellFailure = new IllegalStateException("store unavailable");
    assertThatThrownBy(
            () ->
                CourseChanges.after(
                    tenant -> {
                      throw tellFailure;
                    },
                    "t1",
                    () -> "written"))
        .isSameAs(tellFailure);
  }
}

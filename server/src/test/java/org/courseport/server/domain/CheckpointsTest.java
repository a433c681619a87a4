package org.courseport.server.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CheckpointsTest {

  @Test
  void unsetOrBlank_isNone() {
    List<String> said = new CopyOnWriteArrayList<>();
    assertThat(Checkpoints.fromEnvironment(Map.of(), said::add)).isSameAs(Checkpoints.NONE);
    assertThat(Checkpoints.fromEnvironment(Map.of("COURSEPORT_TEST_HOLD_AT", " , "), said::add))
        .isSameAs(Checkpoints.NONE);
    assertThat(said).isEmpty();
  }

  @Test
  void everyListedPointHolds_andOthersPass() throws Exception {
    List<String> said = new CopyOnWriteArrayList<>();
    CountDownLatch heldTwice = new CountDownLatch(3); // the start-up line and two held points
    Checkpoints checkpoints =
        Checkpoints.fromEnvironment(
            Map.of("COURSEPORT_TEST_HOLD_AT", " a.one , b.two"),
            line -> {
              said.add(line);
              heldTwice.countDown();
            });
    assertThat(said)
        .containsExactly(
            "COURSEPORT_TEST_HOLD_AT is set: work reaching checkpoint a.one, b.two waits");

    checkpoints.reached("c.three"); // passes at once
    checkpoints.reached("a.on"); // not a prefix match either

    AtomicReference<Throwable> endedA = new AtomicReference<>();
    AtomicReference<Throwable> endedB = new AtomicReference<>();
    Thread a = holder(checkpoints, "a.one", endedA);
    Thread b = holder(checkpoints, "b.two", endedB);
    assertThat(heldTwice.await(60, TimeUnit.SECONDS)).as("both points announced").isTrue();
    assertThat(said).contains("Held at checkpoint a.one", "Held at checkpoint b.two");
    assertThat(a.isAlive()).as("a waits at its point").isTrue();
    assertThat(b.isAlive()).as("b waits at its point").isTrue();

    // Only an interrupt ends the wait, and the work then fails rather than going on.
    a.interrupt();
    b.interrupt();
    a.join(TimeUnit.SECONDS.toMillis(60));
    b.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(endedA.get()).isInstanceOf(IllegalStateException.class);
    assertThat(endedB.get()).hasMessage("interrupted at checkpoint b.two");
  }

  private static Thread holder(
      Checkpoints checkpoints, String point, AtomicReference<Throwable> ended) {
    Thread t =
        new Thread(
            () -> {
              try {
                checkpoints.reached(point);
                ended.set(new AssertionError("passed " + point));
              } catch (Throwable e) {
                ended.set(e);
              }
            },
            "hold-" + point);
    t.setDaemon(true);
    t.start();
    return t;
  }
}

package org.courseport.server.export.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportPlan;
import org.junit.jupiter.api.Test;

/** The write progress moves with the entry bytes read, and leaves the plan's key unchanged. */
class WriteProgressTest {

  @Test
  void progressMovesWithTheBytesRead_andTheKeyStays() throws Exception {
    List<ExportEntry> entries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      entries.add(ExportEntry.bytes("f" + i + ".bin", new byte[1000], i % 2 == 0));
    }
    ExportPlan plan =
        new ExportPlan(
            ExportFormat.ZIP,
            "x.zip",
            "test/1",
            entries,
            new ExportPlan.Expectation(null, null, null, -1, null));
    List<Integer> seen = new ArrayList<>();
    DefaultCourseExports.Progress steps = new DefaultCourseExports.Progress(seen::add);
    steps.at(10);

    ExportPlan watched = WriteProgress.watch(plan, steps, 10, 80);

    assertThat(watched.key()).isEqualTo(plan.key());
    assertThat(watched.entries())
        .extracting(ExportEntry::path)
        .containsExactly("f0.bin", "f1.bin", "f2.bin", "f3.bin");
    List<Integer> afterEach = new ArrayList<>();
    for (ExportEntry e : watched.entries()) {
      try (InputStream in = e.content().open()) {
        assertThat(in.readAllBytes()).hasSize(1000);
      }
      afterEach.add(seen.get(seen.size() - 1));
    }
    assertThat(afterEach).containsExactly(27, 45, 62, 80);
    assertThat(seen).isSorted().doesNotHaveDuplicates().startsWith(10);
  }

  @Test
  void anIncompletePlan_staysIncompleteWhenWatched() {
    ExportPlan plan =
        new ExportPlan(
            ExportFormat.ZIP,
            "x.zip",
            "test/1",
            List.of(ExportEntry.bytes("a.txt", new byte[] {1}, true)),
            new ExportPlan.Expectation(null, null, null, -1, null),
            false);

    ExportPlan watched =
        WriteProgress.watch(plan, new DefaultCourseExports.Progress(p -> {}), 10, 80);

    assertThat(watched.complete()).isFalse();
    assertThat(
            WriteProgress.watch(
                    new ExportPlan(
                        plan.format(),
                        plan.fileName(),
                        plan.writer(),
                        plan.entries(),
                        plan.expect()),
                    new DefaultCourseExports.Progress(p -> {}),
                    10,
                    80)
                .complete())
        .isTrue();
  }
}

package org.courseport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final long MIB = 1024 * 1024;
  private final StringWriter err = new StringWriter();
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void plain_printsALineAtEachTenthWithPercentBytesAndRate() {
    ProgressBar bar = new ProgressBar(new PrintWriter(err), false, "uploading a.zip", nanos::get);

    for (int mib = 1; mib <= 10; mib++) {
      nanos.addAndGet(500_000_000L);
      bar.onProgress(mib * MIB, 10 * MIB);
      bar.onProgress(mib * MIB, 10 * MIB);
    }
    bar.finish();

    assertThat(err.toString().lines())
        .hasSize(10)
        .startsWith("uploading a.zip:  10% 1.0 MiB / 10.0 MiB 2.0 MiB/s ETA 0:05")
        .contains("uploading a.zip:  50% 5.0 MiB / 10.0 MiB 2.0 MiB/s ETA 0:03")
        .endsWith("uploading a.zip: 100% 10.0 MiB / 10.0 MiB 2.0 MiB/s");
  }

  @Test
  void terminal_redrawsInPlaceAtMostEveryTenthOfASecondAndEndsTheLine() {
    ProgressBar bar = new ProgressBar(new PrintWriter(err), true, "up", nanos::get);

    bar.onProgress(MIB, 4 * MIB);
    nanos.addAndGet(10_000_000L);
    bar.onProgress(2 * MIB, 4 * MIB);
    nanos.addAndGet(200_000_000L);
    bar.onProgress(3 * MIB, 4 * MIB);
    bar.onProgress(4 * MIB, 4 * MIB);
    bar.finish();

    String output = err.toString();
    assertThat(output.chars().filter(c -> c == '\r')).hasSize(3);
    assertThat(output).contains("\rup [######------------------]  25% 1.0 MiB / 4.0 MiB -- B/s");
    assertThat(output).contains("\rup [########################] 100% 4.0 MiB / 4.0 MiB");
    assertThat(output).endsWith(System.lineSeparator()).doesNotContain(" 50% ");
  }

  @Test
  void eta_isMinutesAndSeconds_orHoursFromAnHour() {
    assertThat(ProgressBar.duration(0)).isEqualTo("0:00");
    assertThat(ProgressBar.duration(75)).isEqualTo("1:15");
    assertThat(ProgressBar.duration(3 * 3600 + 62)).isEqualTo("3:01:02");
  }

  @Test
  void finish_withoutProgress_printsNothing() {
    new ProgressBar(new PrintWriter(err), true, "up", nanos::get).finish();

    assertThat(err.toString()).isEmpty();
  }
}

package org.courseport.server.export.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportPlan;

/**
 * The progress of writing a zip, measured by the entry bytes the assembler reads: a copy of the
 * plan whose entries count what is read from them (on any thread). The copy has the same paths,
 * sizes, hashes and compression, so the same key and the same bytes.
 */
final class WriteProgress {
  private final DefaultCourseExports.Progress steps;
  private final int from;
  private final int to;
  private final long total;
  private final AtomicLong read = new AtomicLong();

  private WriteProgress(DefaultCourseExports.Progress steps, int from, int to, long total) {
    this.steps = steps;
    this.from = from;
    this.to = to;
    this.total = Math.max(1, total);
  }

  /** The plan, reporting {@code from}..{@code to} to {@code steps} as its entries are read. */
  static ExportPlan watch(ExportPlan plan, DefaultCourseExports.Progress steps, int from, int to) {
    long total = plan.entries().stream().mapToLong(e -> e.content().size()).sum();
    WriteProgress progress = new WriteProgress(steps, from, to, total);
    List<ExportEntry> entries = new ArrayList<>(plan.entries().size());
    for (ExportEntry entry : plan.entries()) {
      ExportEntry.Content content = entry.content();
      entries.add(
          ExportEntry.stored(
              entry.path(),
              content.sha256(),
              content.size(),
              () -> progress.counting(content.open()),
              entry.compress()));
    }
    return new ExportPlan(
        plan.format(), plan.fileName(), plan.writer(), entries, plan.expect(), plan.complete());
  }

  private InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          advance(n);
        }
        return n;
      }
    };
  }

  private void advance(long n) {
    long done = Math.min(total, read.addAndGet(n));
    steps.at(from + (int) ((to - from) * done / total));
  }
}

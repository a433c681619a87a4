package org.courseport.client.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.courseport.client.ProgressListener;

/**
 * Shows transfer progress on stderr: a bar redrawn in place (percent, bytes, rate, time left) on a
 * terminal, a plain line at every tenth otherwise, so that logs stay readable.
 */
final class ProgressBar implements ProgressListener {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 24;

  private final PrintWriter err;
  private final boolean terminal;
  private final String label;
  private final LongSupplier clock;
  private final long started;
  private long lastDraw;
  private int lastTenth = -1;
  private boolean drawn;

  ProgressBar(PrintWriter err, boolean terminal, String label, LongSupplier nanoClock) {
    this.err = err;
    this.terminal = terminal;
    this.label = label;
    this.clock = nanoClock;
    this.started = nanoClock.getAsLong();
    this.lastDraw = started - REDRAW_NANOS;
  }

  ProgressBar(PrintWriter err, boolean terminal, String label) {
    this(err, terminal, label, System::nanoTime);
  }

  @Override
  public synchronized void onProgress(long transferred, long total) {
    long now = clock.getAsLong();
    boolean done = transferred >= total;
    if (terminal) {
      if (done || now - lastDraw >= REDRAW_NANOS) {
        lastDraw = now;
        drawn = true;
        err.print("\r" + bar(transferred, total) + " " + status(transferred, total, now) + "  ");
        err.flush();
      }
      return;
    }
    int tenth = total <= 0 ? 10 : (int) (transferred * 10 / total);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      err.println(label + ": " + status(transferred, total, now));
      err.flush();
    }
  }

  /** Ends the bar's line on a terminal; call once the transfer ended. */
  synchronized void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }

  private String bar(long transferred, long total) {
    int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, transferred * WIDTH / total);
    return label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
  }

  private String status(long transferred, long total, long now) {
    int percent = total <= 0 ? 100 : (int) (transferred * 100 / total);
    double seconds = (now - started) / 1e9;
    double perSecond = seconds <= 0 ? 0 : transferred / seconds;
    String rate = perSecond <= 0 ? "-- B/s" : Sizes.human((long) perSecond) + "/s";
    String eta =
        transferred >= total || perSecond <= 0
            ? ""
            : " ETA " + duration((long) Math.ceil((total - transferred) / perSecond));
    return String.format(
        Locale.ROOT,
        "%3d%% %s / %s %s%s",
        percent,
        Sizes.human(transferred),
        Sizes.human(total),
        rate,
        eta);
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String duration(long seconds) {
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}

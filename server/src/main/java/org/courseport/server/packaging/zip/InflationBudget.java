package org.courseport.server.packaging.zip;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The archive-wide count of inflated bytes. Each entry is charged once, up to the furthest point
 * any stream has read it, so re-reading a file does not use up the budget while many entries
 * inflating the same bytes still do.
 */
final class InflationBudget {
  private final AtomicLongArray chargedPerEntry;
  private final AtomicLong total = new AtomicLong();
  private final long maxTotal;

  InflationBudget(int entryCount, long maxTotal) {
    this.chargedPerEntry = new AtomicLongArray(entryCount);
    this.maxTotal = maxTotal;
  }

  /**
   * Records that entry {@code index} has produced {@code produced} bytes; refuses past the limit.
   */
  void charge(int index, long produced, String entryName) {
    long charged = chargedPerEntry.get(index);
    while (produced > charged) {
      if (chargedPerEntry.compareAndSet(index, charged, produced)) {
        if (total.addAndGet(produced - charged) > maxTotal) {
          throw ZipRefusal.refuse(
              ZipRefusal.LIMIT_EXCEEDED,
              "zip.limit.total-size",
              entryName,
              "the package inflates to more than " + maxTotal + " bytes in all");
        }
        return;
      }
      charged = chargedPerEntry.get(index);
    }
  }

  long total() {
    return total.get();
  }
}

package org.courseport.server.packaging.zip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.courseport.server.domain.packaging.Finding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A package zip read through its central directory, checked against {@link ZipLimits} and path
 * rules before use, with common authoring defects repaired and reported; see {@link ZipRefusal}
 * for the reasons a zip is refused.
 */
public final class ZipPackageArchive implements org.courseport.server.packaging.archive.PackageArchive {
  private static final Logger log = LoggerFactory.getLogger(ZipPackageArchive.class);
  private static final int VERIFY_BUFFER = 256 * 1024;

  /** Threads reading entries in {@link #verifyAll()}: the processors, at most 4. */
  static final int VERIFY_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final SeekableByteChannel channel;
  private final ZipLimits limits;
  private final List<ScannedEntry> scanned;
  private final PackageLayout layout;
  private final PathResolver resolver;
  private final List<ArchiveEntry> entries;
  private final InflationBudget budget;
  private final Set<Finding> repairs = new LinkedHashSet<>();

  private ZipPackageArchive(
      SeekableByteChannel channel, ZipLimits limits, List<ScannedEntry> scanned) {
    this.channel = channel;
    this.limits = limits;
    this.scanned = scanned;
    NameFindings.report(scanned, this::record);
    this.layout = PackageLayout.of(scanned, this::record);
    this.resolver = new PathResolver(layout.files(), this::record);
    this.entries = layout.files().values().stream().map(PackageLayout.File::entry).toList();
    this.budget = new InflationBudget(scanned.size(), limits.maxTotalBytes());
    log.debug("Opened package zip: {} entries, {} files, {} repairs", scanned.size(),
        entries.size(), repairs.size());
  }

  /**
   * Opens and checks a package zip; takes ownership of {@code channel}, closed with the archive or
   * at once when the zip is refused.
   *
   * @throws org.courseport.server.domain.DomainException INVALID_ARGUMENT with a {@link
   *     ZipRefusal} reason when the zip is refused
   */
  public static ZipPackageArchive open(SeekableByteChannel channel, ZipLimits limits)
      throws IOException {
    try {
      return new ZipPackageArchive(channel, limits, new EntryScanner(limits).scan(channel));
    } catch (RuntimeException | IOException e) {
      channel.close();
      log.info("Package zip not opened: {}", e.getMessage());
      throw e;
    }
  }

  /** Opens and checks a package zip file. */
  public static ZipPackageArchive open(Path file, ZipLimits limits) throws IOException {
    return open(Files.newByteChannel(file), limits);
  }

  @Override
  public List<ArchiveEntry> entries() {
    return entries;
  }

  @Override
  public Optional<ArchiveEntry> find(String path) {
    return resolver.resolve(path).map(PackageLayout.File::entry);
  }

  @Override
  public InputStream open(ArchiveEntry entry) throws IOException {
    PackageLayout.File file = layout.files().get(entry.path());
    if (file == null || !file.entry().equals(entry)) {
      throw new IllegalArgumentException("not an entry of this archive: " + entry.path());
    }
    return openScanned(file.scanned());
  }

  /**
   * Reads a whole manifest or other XML file into memory, refusing it (ZIP_LIMIT_EXCEEDED) when it
   * is larger than {@link ZipLimits#maxXmlBytes()}.
   */
  public byte[] readXml(ArchiveEntry entry) throws IOException {
    if (entry.size() > limits.maxXmlBytes()) {
      throw xmlTooLarge(entry);
    }
    try (InputStream in = open(entry)) {
      byte[] bytes = in.readNBytes((int) limits.maxXmlBytes() + 1);
      if (bytes.length > limits.maxXmlBytes()) {
        throw xmlTooLarge(entry);
      }
      return bytes;
    }
  }

  private RuntimeException xmlTooLarge(ArchiveEntry entry) {
    return ZipRefusal.refuse(ZipRefusal.LIMIT_EXCEEDED, "zip.limit.xml-size", entry.path(),
        "XML files may not be larger than " + limits.maxXmlBytes() + " bytes");
  }

  /**
   * Reads every file entry once (hidden junk and duplicates included) through the limited streams,
   * so that a package that passes has had its sizes, ratio and CRC-32 checked on actual bytes.
   * Entries are read by up to {@link #VERIFY_THREADS} threads (this one and helpers), which reads a
   * package of many entries about that many times faster. The outcome is that of reading them in
   * order: the failure reported is that of the first failing entry in central-directory order (only
   * the archive-wide size budget may be exhausted on another entry than in order).
   *
   * @return the number of uncompressed bytes read
   * @throws org.courseport.server.domain.DomainException when an entry is corrupt or too large
   */
  public long verifyAll() throws IOException {
    List<ScannedEntry> files = scanned.stream().filter(e -> !e.isDirectory()).toList();
    Verification verification = new Verification(files);
    int helpers = Math.min(VERIFY_THREADS, files.size()) - 1;
    if (helpers <= 0) {
      verification.run();
      return verification.result();
    }
    ExecutorService pool = Executors.newFixedThreadPool(helpers, task -> {
      Thread thread = new Thread(task, "zip-verify");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < helpers; i++) {
        running.add(pool.submit(verification::run));
      }
      verification.run();
      running.forEach(ZipPackageArchive::awaitUninterruptibly);
    } finally {
      pool.shutdown();
    }
    return verification.result();
  }

  /**
   * The entries to verify, claimed in order by the threads. A failing entry stops new claims; the
   * entries claimed before it are still read to the end, so every entry before the first failure
   * in order has been checked when the threads stop. Helpers are never interrupted: an interrupt
   * would close the archive's file channel.
   */
  private final class Verification {
    private final List<ScannedEntry> files;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();
    private final ConcurrentSkipListMap<Integer, Throwable> failures =
        new ConcurrentSkipListMap<>();
    private volatile boolean stop;

    Verification(List<ScannedEntry> files) {
      this.files = files;
    }

    void run() {
      byte[] buffer = new byte[VERIFY_BUFFER];
      while (!stop) {
        int index = next.getAndIncrement();
        if (index >= files.size()) {
          return;
        }
        try (InputStream in = openScanned(files.get(index))) {
          long read = 0;
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            read += n;
          }
          total.addAndGet(read);
        } catch (IOException | RuntimeException | Error e) {
          failures.put(index, e);
          stop = true;
        }
      }
    }

    long result() throws IOException {
      Map.Entry<Integer, Throwable> first = failures.firstEntry();
      if (first == null) {
        return total.get();
      }
      Throwable failure = first.getValue();
      if (failure instanceof IOException e) {
        throw e;
      }
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) failure;
    }
  }

  private static void awaitUninterruptibly(Future<?> future) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          future.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IllegalStateException("zip verification helper failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private InputStream openScanned(ScannedEntry entry) throws IOException {
    return new LimitedEntryStream(EntryDecoder.open(channel, entry), entry, limits, budget);
  }

  @Override
  public List<Finding> repairs() {
    synchronized (repairs) {
      return List.copyOf(repairs);
    }
  }

  /** The limits this archive enforces. */
  public ZipLimits limits() {
    return limits;
  }

  private void record(Finding finding) {
    synchronized (repairs) {
      repairs.add(finding);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

package org.courseport.server.export.zip;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.courseport.server.domain.Sha256;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ZipAssembler;

/**
 * Writes an {@link ExportPlan} into the {@link BlobStore} as a deterministic zip: the same plan
 * gives the same bytes, whatever the thread count or the assembler instance.
 *
 * <p><b>Layout.</b> Entries in plan order; every entry dated 1980-01-01 00:00 (DOS epoch), MS-DOS
 * attributes, the UTF-8 name flag, CRC-32 and both sizes in the local header (never a data
 * descriptor), no extra field but the ZIP64 one where a size, an offset or the entry count needs it
 * (see {@link ZipRecords64}), no comments. {@code compress=false} entries are STORED; {@code
 * compress=true} entries are DEFLATED with a fresh raw {@link Deflater} at level {@value
 * #DEFAULT_LEVEL} (zlib's default), fed in fixed-size chunks, so their bytes depend only on the
 * content and the JDK's zlib.
 *
 * <p><b>Two passes, bounded memory.</b> A small pool ({@code threads}, by default every processor)
 * prepares up to {@code window} entries ahead of the writer: it reads each entry once, checks its
 * length and SHA-256 against {@link ExportEntry.Content}, computes the CRC-32 and, for deflated
 * entries, the compressed bytes (in memory up to {@code spillBytes}, in a temporary file beyond).
 * The caller's thread then writes the entries in plan order: deflated ones from what was prepared,
 * stored ones streamed from their source a second time (no heap copy of a big media file; small
 * stored entries up to {@value #SMALL_STORED} bytes are kept from the first read), checking that
 * the second read gives the same length and CRC-32. So at most {@code window × spillBytes} of
 * compressed data is held in memory.
 *
 * <p><b>Refusals.</b> An entry whose bytes do not match its declared size and SHA-256 (or change
 * between the two reads) fails the write with an {@link IOException} naming the entry; the blob
 * writer is then discarded, so nothing is committed, and temporary files are deleted.
 */
public final class DeterministicZipAssembler implements ZipAssembler, AutoCloseable {

  /** zlib's default level: a good ratio for markup and scripts at a fair speed. */
  public static final int DEFAULT_LEVEL = 6;

  /** Stored entries up to this length are kept in memory from the first read. */
  static final int SMALL_STORED = 64 * 1024;

  private static final int CHUNK = 64 * 1024;
  private static final int COPY_BUFFER = 256 * 1024;

  /**
   * How the assembler works; none of it changes the bytes written.
   *
   * @param threads the pool that prepares entries (hashes, CRC-32, deflate)
   * @param window entries prepared ahead of the writer at most
   * @param spillBytes compressed bytes of one entry kept in memory; beyond, a temporary file
   * @param tempDir where those temporary files go
   */
  public record Settings(int threads, int window, int spillBytes, Path tempDir) {
    public Settings {
      if (threads < 1 || window < 1 || spillBytes < 0) {
        throw new IllegalArgumentException("threads, window >= 1, spillBytes >= 0");
      }
      Objects.requireNonNull(tempDir, "tempDir");
    }

    /**
     * Every processor, four entries per thread ahead, 1 MiB in memory per entry, java.io.tmpdir.
     */
    public static Settings defaults() {
      return withThreads(Runtime.getRuntime().availableProcessors());
    }

    /** The defaults with another thread count. */
    public static Settings withThreads(int threads) {
      return new Settings(
          threads, 4 * threads, 1 << 20, Path.of(System.getProperty("java.io.tmpdir")));
    }
  }

  private final BlobStore blobs;
  private final Settings settings;
  private final boolean forceZip64;
  private final ExecutorService pool;

  /** An assembler with {@link Settings#defaults()}. */
  public DeterministicZipAssembler(BlobStore blobs) {
    this(blobs, Settings.defaults());
  }

  public DeterministicZipAssembler(BlobStore blobs, Settings settings) {
    this(blobs, settings, false);
  }

  /** {@code forceZip64}: ZIP64 records for every value (tests of the ZIP64 path). */
  DeterministicZipAssembler(BlobStore blobs, Settings settings, boolean forceZip64) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.forceZip64 = forceZip64;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            settings.threads(),
            r -> {
              Thread t = new Thread(r, "zip-assembler-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public StoredZip write(ExportPlan plan) throws IOException {
    return write(plan, id -> {});
  }

  /**
   * Writes the zip and commits it, calling {@code recordReference} with the blob id under the blob
   * store's guard (see {@link BlobStore.BlobWriter#commit(Consumer)}), so that a reference to the
   * zip is recorded before anything may delete it as unreferenced.
   */
  public StoredZip write(ExportPlan plan, Consumer<String> recordReference) throws IOException {
    return write(plan, recordReference, percent -> {});
  }

  /**
   * As {@link #write(ExportPlan, Consumer)}, telling {@code progress} the percentage written (0 to
   * 100, by the entries' bytes, each entry counted as at least one byte) whenever it grows; 100
   * comes once the zip is committed.
   */
  public StoredZip write(ExportPlan plan, Consumer<String> recordReference, IntConsumer progress)
      throws IOException {
    List<ExportEntry> entries = plan.entries();
    long totalWork = 0;
    for (ExportEntry e : entries) {
      totalWork += Math.max(1, e.content().size());
    }
    long work = 0;
    int percent = 0;
    ArrayDeque<Future<Prepared>> ahead = new ArrayDeque<>();
    AtomicBoolean abandoned = new AtomicBoolean();
    int submitted = 0;
    try (BlobStore.BlobWriter writer = blobs.newWriter()) {
      OutputStream out = writer.stream();
      long[] offsets = new long[entries.size()];
      Prepared[] done = new Prepared[entries.size()];
      byte[] copyBuffer = new byte[COPY_BUFFER];
      for (int i = 0; i < entries.size(); i++) {
        while (submitted < entries.size() && submitted <= i + settings.window() - 1) {
          ExportEntry next = entries.get(submitted++);
          ahead.add(pool.submit(() -> abandoned.get() ? null : prepare(next)));
        }
        Prepared p = await(ahead.removeFirst());
        try {
          ExportEntry entry = entries.get(i);
          offsets[i] = writer.size();
          out.write(
              ZipRecords64.localHeader(
                  entry.path(), p.method(), p.crc(), p.compressedSize(), p.size(), forceZip64));
          if (p.inMemory() != null) {
            out.write(p.inMemory());
          } else if (p.file() != null) {
            try (FileChannel channel = FileChannel.open(p.file(), StandardOpenOption.READ)) {
              writer.append(channel);
            }
          } else {
            copyStored(entry, p, out, copyBuffer);
          }
          done[i] = p.withoutData();
        } finally {
          p.release();
        }
        work += Math.max(1, p.size());
        int now = (int) (work * 99 / totalWork);
        if (now > percent) {
          percent = now;
          progress.accept(now);
        }
      }
      long cdOffset = writer.size();
      for (int i = 0; i < entries.size(); i++) {
        Prepared p = done[i];
        out.write(
            ZipRecords64.centralHeader(
                entries.get(i).path(),
                p.method(),
                p.crc(),
                p.compressedSize(),
                p.size(),
                offsets[i],
                forceZip64));
      }
      long cdSize = writer.size() - cdOffset;
      out.write(ZipRecords64.end(entries.size(), cdSize, cdOffset, forceZip64));
      String id = writer.commit(recordReference);
      progress.accept(100);
      return new StoredZip(id, id, writer.size());
    } finally {
      abandoned.set(true);
      drain(ahead);
    }
  }

  /** Stops the pool; writes in progress fail. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  /**
   * Waits for the entries prepared ahead that nobody will write (those not started yet skip their
   * work), and deletes their temporary files.
   */
  private static void drain(ArrayDeque<Future<Prepared>> ahead) {
    for (Future<Prepared> f : ahead) {
      try {
        Prepared p = f.get();
        if (p != null) {
          p.release();
        }
      } catch (ExecutionException | CancellationException e) {
        // its own failure cleaned up after itself
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    ahead.clear();
  }

  private static Prepared await(Future<Prepared> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the export zip");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }

  /** First pass over an entry, on the pool. */
  private Prepared prepare(ExportEntry entry) throws IOException {
    ExportEntry.Content content = entry.content();
    long declared = content.size();
    CRC32 crc = new CRC32();
    MessageDigest sha = Sha256.newDigest();
    // chunks depend only on the declared size, so the deflater is always fed the same way
    int chunkSize = (int) Math.min(CHUNK, Math.max(declared, 0) + 1);
    byte[] chunk = new byte[chunkSize];
    long count = 0;
    if (!entry.compress()) {
      ByteArrayOutputStream small = declared <= SMALL_STORED ? new ByteArrayOutputStream() : null;
      try (InputStream in = content.open()) {
        for (int r; (r = in.readNBytes(chunk, 0, chunkSize)) > 0; ) {
          crc.update(chunk, 0, r);
          sha.update(chunk, 0, r);
          count += r;
          if (count > declared) {
            break;
          }
          if (small != null) {
            small.write(chunk, 0, r);
          }
        }
      }
      check(entry, count, sha);
      return new Prepared(
          ZipRecords64.STORED,
          crc.getValue(),
          count,
          count,
          small == null ? null : small.toByteArray(),
          null);
    }
    Spill spill = new Spill(settings.spillBytes(), settings.tempDir());
    Deflater deflater = new Deflater(DEFAULT_LEVEL, true);
    boolean ok = false;
    try {
      try (InputStream in = content.open();
          DeflaterOutputStream def =
              new DeflaterOutputStream(spill, deflater, Math.max(chunkSize, 512))) {
        for (int r; (r = in.readNBytes(chunk, 0, chunkSize)) > 0; ) {
          crc.update(chunk, 0, r);
          sha.update(chunk, 0, r);
          count += r;
          if (count > declared) {
            break;
          }
          def.write(chunk, 0, r);
        }
        check(entry, count, sha);
        def.finish();
      }
      Prepared p =
          new Prepared(
              ZipRecords64.DEFLATED,
              crc.getValue(),
              count,
              spill.size(),
              spill.memory(),
              spill.file());
      ok = true;
      return p;
    } finally {
      deflater.end();
      if (!ok) {
        spill.discard();
      }
    }
  }

  /** Second read of a stored entry, straight into the zip. */
  private static void copyStored(ExportEntry entry, Prepared p, OutputStream out, byte[] buffer)
      throws IOException {
    CRC32 crc = new CRC32();
    long count = 0;
    try (InputStream in = entry.content().open()) {
      for (int r; (r = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
        if (count + r > p.size()) {
          r = (int) (p.size() - count) + 1; // one byte past is enough to refuse
          crc.update(buffer, 0, r);
          count += r;
          break;
        }
        crc.update(buffer, 0, r);
        out.write(buffer, 0, r);
        count += r;
      }
    }
    if (count != p.size() || crc.getValue() != p.crc()) {
      throw new IOException(
          "export entry \""
              + entry.path()
              + "\" changed while the zip was written: its second read gave "
              + (count > p.size() ? "more than " + p.size() : String.valueOf(count))
              + " bytes"
              + (count == p.size() ? " with another CRC-32" : "")
              + ", the first "
              + p.size());
    }
  }

  private static void check(ExportEntry entry, long count, MessageDigest sha) throws IOException {
    long declared = entry.content().size();
    if (count != declared) {
      throw new IOException(
          "export entry \""
              + entry.path()
              + "\" has "
              + (count > declared ? "more than " + declared : String.valueOf(count))
              + " bytes, but the plan declares "
              + declared);
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(entry.content().sha256())) {
      throw new IOException(
          "export entry \""
              + entry.path()
              + "\" has SHA-256 "
              + actual
              + ", but the plan declares "
              + entry.content().sha256());
    }
  }

  /**
   * A prepared entry: its data in memory, in a temporary file, or (both null) to be read again from
   * its source.
   */
  private record Prepared(
      int method, long crc, long size, long compressedSize, byte[] inMemory, Path file) {

    Prepared withoutData() {
      return new Prepared(method, crc, size, compressedSize, null, null);
    }

    void release() {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** Output kept in memory up to a limit, then moved to a temporary file. */
  private static final class Spill extends OutputStream {
    private final int limit;
    private final Path dir;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;

    Spill(int limit, Path dir) {
      this.limit = limit;
      this.dir = dir;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (fileOut == null && memory.size() + (long) len > limit) {
        file = Files.createTempFile(dir, "export-zip-", ".deflate");
        fileOut = new BufferedOutputStream(Files.newOutputStream(file), CHUNK);
        memory.writeTo(fileOut);
        memory = null;
      }
      if (fileOut != null) {
        fileOut.write(b, off, len);
      } else {
        memory.write(b, off, len);
      }
      size += len;
    }

    @Override
    public void close() throws IOException {
      if (fileOut != null) {
        fileOut.close();
      }
    }

    long size() {
      return size;
    }

    byte[] memory() {
      return memory == null ? null : memory.toByteArray();
    }

    Path file() {
      return file;
    }

    void discard() throws IOException {
      close();
      if (file != null) {
        Files.deleteIfExists(file);
      }
    }
  }
}

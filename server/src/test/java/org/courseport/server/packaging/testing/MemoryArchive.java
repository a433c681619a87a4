package org.courseport.server.packaging.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.archive.PackageArchive;

/**
 * Test-only {@link PackageArchive} over an in-memory map of files. {@code find} mimics the zip
 * archive's repairs (backslashes, percent-encoding, case) and records them as warnings.
 */
public final class MemoryArchive implements PackageArchive {
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Map<String, Long> hugeSizes = new LinkedHashMap<>();
  private final List<Finding> repairs = new ArrayList<>();

  public MemoryArchive with(String path, String utf8) {
    return with(path, utf8.getBytes(StandardCharsets.UTF_8));
  }

  public MemoryArchive with(String path, byte[] bytes) {
    files.put(path, bytes);
    return this;
  }

  /** A file whose bytes are never held: reading it yields {@code size} bytes of spaces. */
  public MemoryArchive withHuge(String path, long size) {
    files.put(path, null);
    hugeSizes.put(path, size);
    return this;
  }

  @Override
  public List<ArchiveEntry> entries() {
    return files.keySet().stream().map(this::entry).toList();
  }

  private ArchiveEntry entry(String path) {
    long size = files.get(path) == null ? hugeSizes.get(path) : files.get(path).length;
    return new ArchiveEntry(path, path, size, -1);
  }

  @Override
  public Optional<ArchiveEntry> find(String path) {
    if (files.containsKey(path)) {
      return Optional.of(entry(path));
    }
    String repaired =
        URLDecoder.decode(path.replace('\\', '/').replace("+", "%2B"), StandardCharsets.UTF_8);
    Optional<String> match =
        files.keySet().stream()
            .filter(
                p ->
                    p.equals(repaired)
                        || p.toLowerCase(Locale.ROOT).equals(repaired.toLowerCase(Locale.ROOT)))
            .findFirst();
    match.ifPresent(
        m ->
            repairs.add(
                Finding.warning(
                    "archive.name-repaired", m, "'" + path + "' was matched to '" + m + "'")));
    return match.map(this::entry);
  }

  @Override
  public InputStream open(ArchiveEntry entry) {
    byte[] bytes = files.get(entry.path());
    if (bytes == null) {
      return new SpaceStream(hugeSizes.get(entry.path()));
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public List<Finding> repairs() {
    return List.copyOf(repairs);
  }

  @Override
  public void close() {}

  /** Produces {@code size} spaces without allocating them; counts what was read. */
  public static final class SpaceStream extends InputStream {
    private long remaining;

    public SpaceStream(long size) {
      this.remaining = size;
    }

    @Override
    public int read() {
      if (remaining <= 0) {
        return -1;
      }
      remaining--;
      return ' ';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      java.util.Arrays.fill(b, off, off + n, (byte) ' ');
      remaining -= n;
      return n;
    }
  }
}

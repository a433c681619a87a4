package org.courseport.server.packaging.zip;

import java.util.Locale;
import java.util.Map;

/**
 * Limits a package zip must respect; {@link ZipPackageArchive} enforces them on the bytes actually
 * inflated, not only on the sizes the zip declares.
 *
 * <p>{@link #fromEnvironment()} reads overrides from these environment variables (sizes accept a
 * binary suffix {@code K}, {@code M}, {@code G} or {@code T}, for example {@code 16G}):
 *
 * <ul>
 *   <li>{@code COURSEPORT_ZIP_MAX_ENTRIES}: entries in the central directory (default 100000)
 *   <li>{@code COURSEPORT_ZIP_MAX_TOTAL_BYTES}: uncompressed bytes of all entries (default 16G)
 *   <li>{@code COURSEPORT_ZIP_MAX_ENTRY_BYTES}: uncompressed bytes of one entry (default 8G)
 *   <li>{@code COURSEPORT_ZIP_MAX_RATIO}: uncompressed/compressed ratio of one entry (default 1000)
 *   <li>{@code COURSEPORT_ZIP_RATIO_FLOOR_BYTES}: entries up to this uncompressed size are not
 *       judged by their ratio (default 1M)
 *   <li>{@code COURSEPORT_ZIP_MAX_PATH_DEPTH}: path segments of an entry name (default 64)
 *   <li>{@code COURSEPORT_ZIP_MAX_NAME_BYTES}: bytes of an entry name as stored (default 1024)
 *   <li>{@code COURSEPORT_ZIP_MAX_XML_BYTES}: bytes of a manifest or other XML file read whole
 *       (default 32M)
 * </ul>
 *
 * @param maxEntries most central-directory entries (files and folders)
 * @param maxTotalBytes most uncompressed bytes of the whole archive
 * @param maxEntryBytes most uncompressed bytes of one entry
 * @param maxRatio most uncompressed/compressed ratio of one entry above the floor
 * @param ratioFloorBytes uncompressed size up to which the ratio is not judged
 * @param maxPathDepth most path segments of an entry name
 * @param maxNameBytes most bytes of an entry name as stored in the zip
 * @param maxXmlBytes most bytes of a manifest or other XML file read into memory
 */
public record ZipLimits(
    int maxEntries,
    long maxTotalBytes,
    long maxEntryBytes,
    int maxRatio,
    long ratioFloorBytes,
    int maxPathDepth,
    int maxNameBytes,
    long maxXmlBytes) {

  private static final long KIB = 1024L;
  private static final long MIB = KIB * KIB;
  private static final long GIB = MIB * KIB;

  /** Checks that every limit is positive. */
  public ZipLimits {
    if (maxEntries <= 0 || maxTotalBytes <= 0 || maxEntryBytes <= 0 || maxRatio <= 0) {
      throw new IllegalArgumentException("zip limits must be positive");
    }
    if (ratioFloorBytes < 0 || maxPathDepth <= 0 || maxNameBytes <= 0 || maxXmlBytes <= 0) {
      throw new IllegalArgumentException("zip limits must be positive");
    }
  }

  /** Limits that real packages, including multi-GB video courses, live within. */
  public static ZipLimits defaults() {
    return new ZipLimits(100_000, 16 * GIB, 8 * GIB, 1000, MIB, 64, 1024, 32 * MIB);
  }

  /** Whether an entry inflating to {@code uncompressed} bytes from {@code compressed} is a bomb. */
  public boolean ratioExceeded(long uncompressed, long compressed) {
    if (uncompressed <= ratioFloorBytes) {
      return false;
    }
    long base = Math.max(compressed, 1);
    return base <= Long.MAX_VALUE / maxRatio && uncompressed > base * maxRatio;
  }

  /** The defaults, overridden by the {@code COURSEPORT_ZIP_*} environment variables. */
  public static ZipLimits fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** The defaults, overridden by the {@code COURSEPORT_ZIP_*} entries of {@code env}. */
  public static ZipLimits fromEnvironment(Map<String, String> env) {
    ZipLimits d = defaults();
    return new ZipLimits(
        (int) read(env, "COURSEPORT_ZIP_MAX_ENTRIES", d.maxEntries, Integer.MAX_VALUE),
        read(env, "COURSEPORT_ZIP_MAX_TOTAL_BYTES", d.maxTotalBytes, Long.MAX_VALUE),
        read(env, "COURSEPORT_ZIP_MAX_ENTRY_BYTES", d.maxEntryBytes, Long.MAX_VALUE),
        (int) read(env, "COURSEPORT_ZIP_MAX_RATIO", d.maxRatio, Integer.MAX_VALUE),
        read(env, "COURSEPORT_ZIP_RATIO_FLOOR_BYTES", d.ratioFloorBytes, Long.MAX_VALUE),
        (int) read(env, "COURSEPORT_ZIP_MAX_PATH_DEPTH", d.maxPathDepth, Integer.MAX_VALUE),
        (int) read(env, "COURSEPORT_ZIP_MAX_NAME_BYTES", d.maxNameBytes, 65_535),
        read(env, "COURSEPORT_ZIP_MAX_XML_BYTES", d.maxXmlBytes, Integer.MAX_VALUE - 8));
  }

  private static long read(Map<String, String> env, String name, long fallback, long max) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    long value;
    try {
      value = parseSize(raw.trim().toUpperCase(Locale.ROOT));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a positive number, got '" + raw + "'", e);
    }
    if (value <= 0 || value > max) {
      throw new IllegalArgumentException(name + " must be between 1 and " + max + ", got " + raw);
    }
    return value;
  }

  private static long parseSize(String text) {
    long unit =
        switch (text.charAt(text.length() - 1)) {
          case 'K' -> KIB;
          case 'M' -> MIB;
          case 'G' -> GIB;
          case 'T' -> GIB * KIB;
          default -> 1;
        };
    String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
    return Math.multiplyExact(Long.parseLong(digits), unit);
  }
}

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a large, valid SCORM 1.2 package quickly, for bench/upload-bench.sh: {@code
 * imsmanifest.xml}, {@code index.html} and incompressible "video" files of 256 MiB, every entry
 * STORED (no deflate, so writing runs at disk speed), ZIP64 where the sizes
 * or offsets need it (java.util.zip adds the ZIP64 records by itself past 4 GiB). The file is as
 * close to {@code targetBytes} as the entry headers allow. Deterministic for a given seed: media
 * bytes are slices of a 64 MiB random pool, produced twice per file (once for the CRC-32 a STORED
 * entry needs up front, once to write), so nothing larger than the pool is held in memory.
 *
 * <p>Run with the Java source launcher: {@code java bench/GenerateStoredPackage.java out.zip
 * targetBytes [seed]}. Written to {@code out.zip.tmp} and renamed, so an interrupted run leaves no
 * truncated package behind.
 */
public final class GenerateStoredPackage {
  private static final long MIB = 1024 * 1024;
  private static final long MEDIA_BYTES = 256 * MIB;
  private static final int CHUNK = 1 << 20;
  private static final long HEADER_ALLOWANCE = 4096; // local + central headers per entry, roughly

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    long target = Long.parseLong(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    long start = System.nanoTime();
    String index =
        "<!DOCTYPE html><html><head><title>Upload benchmark</title></head>"
            + "<body><h1>Upload benchmark</h1><video src=\"media/video0.mp4\"></video></body></html>\n";
    List<String> files = new ArrayList<>();
    files.add("index.html");
    List<Long> sizes = new ArrayList<>();
    long left = target - 2 * HEADER_ALLOWANCE - index.length() - 2048; // manifest, roughly
    while (left > HEADER_ALLOWANCE) {
      long size = Math.min(MEDIA_BYTES, left - HEADER_ALLOWANCE);
      files.add("media/video" + sizes.size() + ".mp4");
      sizes.add(size);
      left -= size + HEADER_ALLOWANCE;
    }
    try (ZipOutputStream zip =
        new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), CHUNK))) {
      zip.setMethod(ZipOutputStream.STORED);
      stored(zip, "imsmanifest.xml", manifest(files).getBytes(StandardCharsets.UTF_8));
      stored(zip, "index.html", index.getBytes(StandardCharsets.UTF_8));
      byte[] chunk = new byte[CHUNK];
      for (int i = 0; i < sizes.size(); i++) {
        long size = sizes.get(i);
        CRC32 crc = new CRC32();
        fill(seed, i, size, chunk, (b, n) -> crc.update(b, 0, n));
        ZipEntry entry = entry("media/video" + i + ".mp4", size, crc.getValue());
        zip.putNextEntry(entry);
        fill(seed, i, size, chunk, (b, n) -> zip.write(b, 0, n));
        zip.closeEntry();
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.printf(
        "wrote %s: %,d bytes, %d entries (STORED) in %.1f s%n",
        out, Files.size(out), files.size() + 1, (System.nanoTime() - start) / 1e9);
  }

  private interface Sink {
    void accept(byte[] bytes, int length) throws IOException;
  }

  /**
   * The deterministic bytes of media file {@code i}, in chunks: slices of a 64 MiB random pool
   * (generated once), picked by file and chunk number, each stamped with its file and chunk number
   * so that no two chunks are equal.
   */
  private static void fill(long seed, int i, long size, byte[] chunk, Sink sink)
      throws IOException {
    byte[] pool = pool(seed);
    int slices = pool.length / CHUNK;
    long k = 0;
    for (long done = 0; done < size; k++) {
      int n = (int) Math.min(chunk.length, size - done);
      System.arraycopy(pool, (int) ((i * 7919L + k * 31) % slices) * CHUNK, chunk, 0, CHUNK);
      for (int b = 0; b < 8; b++) {
        chunk[16 + b] ^= (byte) ((i * 1_000_003L + k) >>> (8 * b));
      }
      if (done == 0) {
        // An MP4 "ftyp" box at the start, as a real video file has.
        byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        System.arraycopy(ftyp, 0, chunk, 0, ftyp.length);
      }
      sink.accept(chunk, n);
      done += n;
    }
  }

  private static byte[] pool;

  private static byte[] pool(long seed) {
    if (pool == null) {
      pool = new byte[64 * CHUNK];
      new SplittableRandom(seed).nextBytes(pool);
    }
    return pool;
  }

  private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    zip.putNextEntry(entry(name, bytes.length, crc.getValue()));
    zip.write(bytes);
    zip.closeEntry();
  }

  private static ZipEntry entry(String name, long size, long crc) {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(size);
    entry.setCompressedSize(size);
    entry.setCrc(crc);
    entry.setLastModifiedTime(FileTime.fromMillis(1_700_000_000_000L));
    return entry;
  }

  private static String manifest(List<String> files) {
    StringBuilder sb = new StringBuilder();
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<manifest identifier=\"upload-bench\" version=\"1.0\"\n")
        .append("    xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n")
        .append("    xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">\n")
        .append("  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>")
        .append("</metadata>\n  <organizations default=\"org\">\n")
        .append("    <organization identifier=\"org\"><title>Upload benchmark</title>\n")
        .append("      <item identifier=\"item1\" identifierref=\"res1\"><title>Video</title></item>\n")
        .append("    </organization>\n  </organizations>\n  <resources>\n")
        .append("    <resource identifier=\"res1\" type=\"webcontent\" adlcp:scormtype=\"sco\"")
        .append(" href=\"index.html\">\n");
    for (String file : files) {
      sb.append("      <file href=\"").append(file).append("\"/>\n");
    }
    return sb.append("    </resource>\n  </resources>\n</manifest>\n").toString();
  }
}

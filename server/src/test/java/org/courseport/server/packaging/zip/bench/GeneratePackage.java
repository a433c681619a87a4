package org.courseport.server.packaging.zip.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes a deterministic benchmark package: {@code imsmanifest.xml} at the root, thousands of
 * compressible HTML/JS/CSS files and incompressible random "media", all deflated as desktop zip
 * tools do. Usage: {@code GeneratePackage [output.zip] [targetBytes] [seed] [entries]}; with {@code
 * entries}, writes that many entries in all (small text files and the manifest) instead, to measure
 * what the entry count costs.
 */
public final class GeneratePackage {
  private static final FileTime FIXED_TIME = FileTime.fromMillis(1_700_000_000_000L);
  private static final long MIB = 1024 * 1024;

  private final SplittableRandom random;
  private final TextMaker text;
  private final List<String> files = new ArrayList<>();

  private GeneratePackage(long seed) {
    this.random = new SplittableRandom(seed);
    this.text = new TextMaker(new SplittableRandom(seed ^ 0x5DEECE66DL));
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/out/package-1g.zip");
    long target = args.length > 1 ? Long.parseLong(args[1]) : 1024 * MIB;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    int entries = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    Files.createDirectories(out.toAbsolutePath().getParent());
    long start = System.nanoTime();
    if (entries > 0) {
      new GeneratePackage(seed).writeEntries(out, entries);
    } else {
      new GeneratePackage(seed).write(out, target);
    }
    System.out.printf(
        "wrote %s: %,d bytes in %.1f s%n", out, Files.size(out), (System.nanoTime() - start) / 1e9);
  }

  private void write(Path out, long target) throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      long textBudget = target / 8;
      long written = 0;
      for (int i = 0; written < textBudget; i++) {
        written += textFile(zip, i);
      }
      for (int i = 0; written < target; i++) {
        written += mediaFile(zip, i, Math.min(target - written, (2 + random.nextInt(14)) * MIB));
      }
      put(zip, "imsmanifest.xml", ManifestMaker.manifest(files));
    }
  }

  private void writeEntries(Path out, int entries) throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      for (int i = 0; i < entries - 1; i++) {
        textFile(zip, i, 200 + random.nextInt(2_000));
      }
      put(zip, "imsmanifest.xml", ManifestMaker.manifest(files));
    }
  }

  private long textFile(ZipArchiveOutputStream zip, int i) throws IOException {
    return textFile(zip, i, 2_000 + random.nextInt(60_000));
  }

  private long textFile(ZipArchiveOutputStream zip, int i, int size) throws IOException {
    String folder = "lesson" + (i % 40) + "/";
    return switch (i % 3) {
      case 0 -> put(zip, folder + "page" + i + ".html", text.html(size));
      case 1 -> put(zip, folder + "script" + i + ".js", text.script(size));
      default -> put(zip, folder + "style" + i + ".css", text.css(size));
    };
  }

  private long mediaFile(ZipArchiveOutputStream zip, int i, long size) throws IOException {
    String name = "media/clip" + i + (i % 2 == 0 ? ".mp4" : ".jpg");
    ZipArchiveEntry entry = entry(name);
    zip.putArchiveEntry(entry);
    byte[] chunk = new byte[1 << 16];
    for (long left = size; left > 0; left -= chunk.length) {
      random.nextBytes(chunk);
      zip.write(chunk, 0, (int) Math.min(left, chunk.length));
    }
    zip.closeArchiveEntry();
    files.add(name);
    return entry.getCompressedSize();
  }

  private long put(ZipArchiveOutputStream zip, String name, String content) throws IOException {
    ZipArchiveEntry entry = entry(name);
    zip.putArchiveEntry(entry);
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeArchiveEntry();
    files.add(name);
    return entry.getCompressedSize();
  }

  private static ZipArchiveEntry entry(String name) {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setLastModifiedTime(FIXED_TIME);
    return entry;
  }
}

package org.courseport.server.packaging.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.PackageArchive;

/**
 * Test-only {@link PackageArchive} over a {@link ZipFile}: hides {@code __MACOSX/} and
 * {@code .DS_Store}, and repairs lookups like the real archive (backslash, percent, case). It
 * makes no safety checks; production code uses the zip module's archive.
 */
public final class ZipFileArchive implements PackageArchive {
  private final ZipFile zip;
  private final List<ArchiveEntry> entries = new ArrayList<>();
  private final List<Finding> repairs = Collections.synchronizedList(new ArrayList<>());

  public ZipFileArchive(Path file) throws IOException {
    this.zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    for (ZipEntry e : Collections.list(zip.entries())) {
      String name = e.getName();
      if (!e.isDirectory() && !name.startsWith("__MACOSX/") && !name.endsWith(".DS_Store")) {
        entries.add(new ArchiveEntry(name, name, e.getSize(), e.getTime()));
      }
    }
  }

  @Override
  public List<ArchiveEntry> entries() {
    return List.copyOf(entries);
  }

  @Override
  public Optional<ArchiveEntry> find(String path) {
    Optional<ArchiveEntry> exact = entries.stream().filter(e -> e.path().equals(path)).findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    String repaired = URLDecoder.decode(path.replace('\\', '/').replace("+", "%2B"),
        StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    Optional<ArchiveEntry> match = entries.stream()
        .filter(e -> e.path().toLowerCase(Locale.ROOT).equals(repaired)).findFirst();
    match.ifPresent(m -> repairs.add(Finding.warning("archive.name-repaired", m.path(),
        "'" + path + "' was matched to '" + m.path() + "'")));
    return match;
  }

  @Override
  public InputStream open(ArchiveEntry entry) throws IOException {
    return zip.getInputStream(zip.getEntry(entry.rawName()));
  }

  @Override
  public List<Finding> repairs() {
    return List.copyOf(repairs);
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}

package org.courseport.server.export.imported;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.domain.Sha256;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;

/**
 * An imported course's stored package as the import read it: the files under the paths the import
 * gave them (a single top-level folder holding the manifest stripped, '\' turned into '/', junk
 * hidden), each with its SHA-256 computed once per blob and entry and kept in a bounded cache (blob
 * ids are content hashes, so an entry's hash never changes).
 */
final class StoredPackage implements AutoCloseable {
  /** A file of the package: its path after the import's repairs, length and SHA-256. */
  record File(String path, long size, String sha256) {}

  private static final int CACHED_BLOBS = 64;
  private static final Map<String, Map<String, File>> HASHES =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, File>> eldest) {
              return size() > CACHED_BLOBS;
            }
          });

  /** Extensions of files that are already compressed: stored in the zip, not deflated again. */
  private static final Set<String> COMPRESSED =
      Set.of(
          "jpg", "jpeg", "png", "gif", "webp", "avif", "ico", "mp3", "m4a", "aac", "oga", "ogg",
          "opus", "wav", "mp4", "m4v", "webm", "ogv", "mov", "avi", "flv", "swf", "zip", "gz",
          "tgz", "bz2", "xz", "7z", "rar", "jar", "woff", "woff2", "pdf", "docx", "xlsx", "pptx",
          "epub");

  private final OpenArchives readers;
  private final String blobId;
  private final ZipPackageArchive archive;
  private final Map<String, File> files;
  private final Map<String, ArchiveEntry> entries = new LinkedHashMap<>();

  private StoredPackage(OpenArchives readers, String blobId, ZipPackageArchive archive)
      throws IOException {
    this.readers = readers;
    this.blobId = blobId;
    this.archive = archive;
    for (ArchiveEntry entry : archive.entries()) {
      entries.put(entry.path(), entry);
    }
    Map<String, File> cached = HASHES.get(blobId);
    if (cached == null) {
      cached = hashAll();
      HASHES.put(blobId, cached);
    }
    this.files = cached;
  }

  /** Opens the stored package {@code blobId}; close it when the plan is made. */
  static StoredPackage open(BlobStore blobs, ZipLimits limits, OpenArchives readers, String blobId)
      throws IOException {
    ZipPackageArchive archive = ZipPackageArchive.open(blobs.openChannel(blobId), limits);
    try {
      return new StoredPackage(readers, blobId, archive);
    } catch (IOException | RuntimeException e) {
      archive.close();
      throw e;
    }
  }

  private Map<String, File> hashAll() throws IOException {
    Map<String, File> hashed = new LinkedHashMap<>();
    byte[] buffer = new byte[64 * 1024];
    for (ArchiveEntry entry : entries.values()) {
      MessageDigest digest = Sha256.newDigest();
      long size = 0;
      try (InputStream in = new DigestInputStream(archive.open(entry), digest)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          size += n;
        }
      }
      hashed.put(
          entry.path(), new File(entry.path(), size, HexFormat.of().formatHex(digest.digest())));
    }
    return Collections.unmodifiableMap(hashed);
  }

  /** The blob the package is stored in. */
  String blobId() {
    return blobId;
  }

  /** The files in zip order. */
  List<File> files() {
    return new ArrayList<>(files.values());
  }

  /** The file at exactly this path. */
  Optional<File> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /**
   * The path of the file a manifest reference names, with the import's repairs ('\', case,
   * percent-encoding); empty when nothing matches.
   */
  Optional<String> resolve(String reference) {
    return archive.find(reference).map(ArchiveEntry::path);
  }

  /** The whole content of a (small) file, e.g. the manifest. */
  byte[] read(String path) throws IOException {
    ArchiveEntry entry = entries.get(path);
    if (entry == null) {
      throw new IllegalArgumentException("no file " + path + " in package " + blobId);
    }
    return archive.readXml(entry);
  }

  /** An export entry at {@code exportPath} whose bytes are this package's file {@code file}. */
  ExportEntry entry(String exportPath, File file) {
    String path = file.path();
    return ExportEntry.stored(
        exportPath, file.sha256(), file.size(), () -> openFile(path), compress(path));
  }

  /** Whether a file is deflated (text, markup) rather than stored (compressed media). */
  static boolean compress(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot < 0 || !COMPRESSED.contains(name.substring(dot + 1));
  }

  /** Opens a file's bytes through a kept-open archive of the same blob. */
  private InputStream openFile(String path) throws IOException {
    return readers.open(blobId, path);
  }

  @Override
  public void close() throws IOException {
    archive.close();
  }
}

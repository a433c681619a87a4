package org.courseport.server.packaging.zip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.archive.PackageArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A package zip read through its central directory, checked against {@link ZipLimits} and path
 * rules before use, with common authoring defects repaired and reported; see {@link ZipRefusal} for
 * the reasons a zip is refused.
 */
public final class ZipPackageArchive implements PackageArchive {
  private static final Logger log = LoggerFactory.getLogger(ZipPackageArchive.class);

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
    log.debug(
        "Opened package zip: {} entries, {} files, {} repairs",
        scanned.size(),
        entries.size(),
        repairs.size());
  }

  /**
   * Opens and checks a package zip; takes ownership of {@code channel}, closed with the archive or
   * at once when the zip is refused.
   *
   * @throws org.courseport.server.domain.DomainException INVALID_ARGUMENT with a {@link ZipRefusal}
   *     reason when the zip is refused
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
   * The bytes {@code [offset, offset + length)} of a STORED (uncompressed) entry, read by seeking
   * straight to them in the zip, e.g. to answer an HTTP byte range of a video; empty for a
   * compressed entry, which can only be read from its start. Unlike {@link #open}, the part is not
   * checked against the entry's CRC-32 (only whole entries can be). Safe from several threads at
   * once.
   *
   * @throws IllegalArgumentException when the entry is not this archive's or the part is outside it
   */
  public Optional<InputStream> openStoredRange(ArchiveEntry entry, long offset, long length)
      throws IOException {
    PackageLayout.File file = layout.files().get(entry.path());
    if (file == null || !file.entry().equals(entry)) {
      throw new IllegalArgumentException("not an entry of this archive: " + entry.path());
    }
    ScannedEntry scanned = file.scanned();
    if (offset < 0 || length < 0 || offset + length > scanned.size()) {
      throw new IllegalArgumentException("range outside the entry: " + offset + "+" + length);
    }
    if (scanned.method() != EntryDecoder.STORED || scanned.compressedSize() != scanned.size()) {
      return Optional.empty();
    }
    long start = EntryDecoder.dataOffset(channel, scanned) + offset;
    return Optional.of(new ChannelRange(channel, start, start + length));
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
    return ZipRefusal.refuse(
        ZipRefusal.LIMIT_EXCEEDED,
        "zip.limit.xml-size",
        entry.path(),
        "XML files may not be larger than " + limits.maxXmlBytes() + " bytes");
  }

  /** Every entry that passed the scan, directories and hidden files included. */
  List<ScannedEntry> scanned() {
    return scanned;
  }

  /** Opens an entry's bytes through the limits; safe from several threads at once. */
  InputStream openScanned(ScannedEntry entry) throws IOException {
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

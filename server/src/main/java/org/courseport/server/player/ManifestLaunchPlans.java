package org.courseport.server.player;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launch plans read from the stored package's imsmanifest.xml (through the zip's central directory,
 * with the import's limits, hardened XML parser and path repairs), for SCORM 1.2, SCORM 2004 (all
 * editions) and plain IMS content packages (launched as SCORM 1.2-style assets). Every other format
 * gets an unsupported plan that says why. Plans are cached by blob id (a stored package never
 * changes), at most {@link #CACHE_SIZE}, least recently used first out. Thread-safe.
 */
public final class ManifestLaunchPlans implements LaunchPlans {
  /** How many plans are kept. */
  public static final int CACHE_SIZE = 256;

  private static final Logger log = LoggerFactory.getLogger(ManifestLaunchPlans.class);

  private final BlobStore blobs;
  private final ZipLimits limits;
  private final XmlDocumentLoader loader = new XmlDocumentLoader(InspectionLimits.DEFAULT);
  private final Map<String, LaunchPlan> cache;
  private long reads;

  public ManifestLaunchPlans(BlobStore blobs, ZipLimits limits) {
    this(blobs, limits, CACHE_SIZE);
  }

  /** Plans with a cache of at most {@code cacheSize} plans, for tests. */
  ManifestLaunchPlans(BlobStore blobs, ZipLimits limits, int cacheSize) {
    this.blobs = blobs;
    this.limits = limits;
    this.cache =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, LaunchPlan> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /**
   * The plan of {@code version}.
   *
   * @throws UncheckedIOException when the stored package cannot be read (a storage failure)
   */
  @Override
  public LaunchPlan planFor(CourseVersion version) {
    PackageDescription d = version.description();
    String title = title(version);
    if (d == null) {
      return LaunchPlan.unsupported(
          title, "This course version has no package description, so there is nothing to launch");
    }
    LaunchKind kind = LaunchKind.of(d.packageFormat());
    if (kind.unsupportedReason() != null) {
      return LaunchPlan.unsupported(title, kind.unsupportedReason());
    }
    String key = version.blobId() + "\n" + d.packageFormat() + "\n" + d.manifestFile();
    LaunchPlan plan;
    synchronized (cache) {
      plan = cache.get(key);
    }
    if (plan == null) {
      plan = read(version.blobId(), d.manifestFile(), kind);
      synchronized (cache) {
        cache.put(key, plan);
        reads++;
      }
    }
    return retitled(plan, title);
  }

  /** How many plans were read from stored packages (not served from the cache), for tests. */
  long reads() {
    synchronized (cache) {
      return reads;
    }
  }

  private LaunchPlan read(String blobId, String manifestFile, LaunchKind kind) {
    try (ZipPackageArchive archive = ZipPackageArchive.open(blobs.openChannel(blobId), limits)) {
      Optional<ArchiveEntry> manifest =
          archive
              .find(
                  manifestFile == null || manifestFile.isBlank() ? "imsmanifest.xml" : manifestFile)
              .or(() -> archive.find("imsmanifest.xml"));
      if (manifest.isEmpty()) {
        return LaunchPlan.unsupported(
            "", "The stored package has no imsmanifest.xml, so there is nothing to launch");
      }
      return new ManifestPlanReader(archive, loader, kind).read(manifest.get());
    } catch (DomainException e) {
      // The zip layer refused the stored package (it passed these checks at import, so the
      // limits must have changed since).
      log.info("Stored package {} not launchable: {}", blobId, e.getMessage());
      return LaunchPlan.unsupported("", "The stored package cannot be opened: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("Stored package " + blobId + " cannot be read", e);
    }
  }

  private static String title(CourseVersion v) {
    if (v.title() != null && !v.title().isBlank()) {
      return v.title();
    }
    return v.description() == null ? "" : v.description().title();
  }

  private static LaunchPlan retitled(LaunchPlan p, String title) {
    return new LaunchPlan(
        p.standard(),
        title,
        p.items(),
        p.sequencingJson(),
        p.choice(),
        p.flow(),
        p.unsupportedReason());
  }
}

package org.courseport.server.packaging;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageInspector;
import org.courseport.server.domain.packaging.ValidationReport;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;
import org.courseport.server.packaging.zip.ZipVerifier;

/**
 * The import pipeline's inspection step: opens the package through its central directory with the
 * zip limits, reads every entry once on actual bytes, then reads the manifest. A refusal of the zip
 * becomes one ERROR finding, so imports and validate-only calls report it the same way.
 */
public final class StoredPackageInspector implements PackageInspector {
  private final ZipLimits limits;
  private final ManifestInspector manifests;

  public StoredPackageInspector(ZipLimits limits, ManifestInspector manifests) {
    this.limits = limits;
    this.manifests = manifests;
  }

  /** An inspector with the zip limits configured in the environment. */
  public static StoredPackageInspector fromEnvironment(Map<String, String> env) {
    return new StoredPackageInspector(ZipLimits.fromEnvironment(env), new ManifestInspector());
  }

  @Override
  public InspectionResult inspect(SeekableByteChannel content, String fileName) throws IOException {
    try {
      if (BareManifest.looksLikeXml(content, fileName)) {
        return manifests.inspect(BareManifest.read(content, limits.maxXmlBytes(), fileName));
      }
      content.position(0);
      try (ZipPackageArchive archive = ZipPackageArchive.open(content, limits)) {
        ZipVerifier.shared().verify(archive);
        return manifests.inspect(archive);
      }
    } catch (DomainException e) {
      if (e.kind() != DomainException.Kind.INVALID_ARGUMENT) {
        throw e;
      }
      return refused(e);
    }
  }

  /**
   * The refusal as one finding on the entry concerned, under the zip layer's own rule (for example
   * {@code zip.path.traversal}); the message loses the {@code [rule]} tag and the entry prefix that
   * {@link Finding#describe()} adds back.
   */
  private static InspectionResult refused(DomainException e) {
    String rule =
        e.metadata().getOrDefault("rule", e.reason().toLowerCase(Locale.ROOT).replace('_', '.'));
    String entry = e.metadata().getOrDefault("entry", "");
    String message = e.getMessage();
    String tag = " [" + rule + "]";
    if (message.endsWith(tag)) {
      message = message.substring(0, message.length() - tag.length());
    }
    String prefix = "Zip entry '" + entry + "': ";
    if (!entry.isEmpty() && message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    Finding finding = Finding.error(rule, entry, message);
    return new InspectionResult(
        null, new ValidationReport("", LearningStandard.UNKNOWN, List.of(finding), List.of()));
  }
}

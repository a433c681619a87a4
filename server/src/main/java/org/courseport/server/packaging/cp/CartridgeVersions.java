package org.courseport.server.packaging.cp;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;

/** Recognises IMS Common Cartridge 1.0-1.3 by namespace, schemaversion or resource types. */
final class CartridgeVersions {
  private static final Pattern NAMESPACE = Pattern.compile("imsccv1p(\\d)");
  private static final Pattern TYPE = Pattern.compile("imscc_xmlv1p(\\d)");

  private CartridgeVersions() {}

  static Optional<PackageFormat> detect(
      CpManifest m, String rootNamespace, String file, Findings findings) {
    Optional<PackageFormat> byNamespace = byNamespace(rootNamespace);
    Optional<PackageFormat> byVersion =
        m.schema().equalsIgnoreCase("IMS Common Cartridge")
            ? byMinor(m.schemaVersion().trim().replaceFirst("^1\\.(\\d)(\\.\\d+)?$", "$1"))
            : Optional.empty();
    if (byNamespace.isPresent() && byVersion.isPresent() && byNamespace.get() != byVersion.get()) {
      findings.warning(
          "manifest.edition.mismatch",
          file,
          m.root().line(),
          "schemaversion",
          "The manifest declares Common Cartridge "
              + m.schemaVersion()
              + " but uses the "
              + byNamespace.get().id()
              + " namespace; it was read as "
              + byNamespace.get().id());
    }
    return byNamespace.or(() -> byVersion).or(() -> byResourceTypes(m));
  }

  private static Optional<PackageFormat> byNamespace(String ns) {
    String lower = ns.toLowerCase(Locale.ROOT);
    if (lower.contains("/imscc/")) {
      return Optional.of(PackageFormat.IMSCC_10);
    }
    Matcher matcher = NAMESPACE.matcher(lower);
    return matcher.find() ? byMinor(matcher.group(1)) : Optional.empty();
  }

  private static Optional<PackageFormat> byResourceTypes(CpManifest m) {
    int highest = -1;
    for (CpManifest.Resource r : m.resources()) {
      Matcher matcher = TYPE.matcher(r.type().toLowerCase(Locale.ROOT));
      if (matcher.find()) {
        highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
      }
    }
    return highest < 0 ? Optional.empty() : byMinor(String.valueOf(highest));
  }

  private static Optional<PackageFormat> byMinor(String minor) {
    return switch (minor) {
      case "0" -> Optional.of(PackageFormat.IMSCC_10);
      case "1" -> Optional.of(PackageFormat.IMSCC_11);
      case "2" -> Optional.of(PackageFormat.IMSCC_12);
      case "3" -> Optional.of(PackageFormat.IMSCC_13);
      default -> Optional.empty();
    };
  }
}

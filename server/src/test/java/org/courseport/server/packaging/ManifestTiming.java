package org.courseport.server.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.packaging.support.ArchiveFiles;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.xml.BundledSchema;
import org.courseport.server.packaging.xml.SchemaRegistry;
import org.courseport.server.packaging.xml.XmlDocument;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XsdValidator;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;

/**
 * Prints, per corpus package, the median time to parse and XSD-validate its manifest (bytes already
 * read, schemas already compiled) and the median time of a whole {@code inspect} (locating,
 * parsing, validating, semantic and file checks, QTI files, metadata files).
 *
 * <p>Run with the test classpath: {@code java ... org.courseport.server.packaging.ManifestTiming
 * [corpus packages folder] [runs]}.
 */
public final class ManifestTiming {
  private static final XmlDocumentLoader LOADER = new XmlDocumentLoader(InspectionLimits.DEFAULT);
  private static final XsdValidator VALIDATOR = new XsdValidator(SchemaRegistry.shared(), 25, 256);

  private ManifestTiming() {}

  public static void main(String[] args) throws IOException {
    Path dir =
        args.length > 0
            ? Path.of(args[0])
            : Path.of(
                System.getProperty("courseport.sharedDir", "../shared"), "corpus", "packages");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 31;
    List<Path> zips;
    try (Stream<Path> files = Files.list(dir)) {
      zips = files.filter(f -> f.toString().matches(".*\\.(zip|imscc)$")).sorted().toList();
    }
    System.out.printf("%-80s %12s %12s%n", "package", "parse+xsd ms", "inspect ms");
    for (Path zip : zips) {
      time(zip, runs);
    }
  }

  private static void time(Path zip, int runs) {
    try (ZipPackageArchive archive = ZipPackageArchive.open(zip, ZipLimits.defaults())) {
      ManifestInspector inspector = new ManifestInspector();
      InspectionResult first = inspector.inspect(archive);
      double full = median(runs, () -> inspector.inspect(archive));
      String manifest = first.description() == null ? "" : first.description().manifestFile();
      Optional<BundledSchema> schema =
          Arrays.stream(PackageFormat.values())
              .filter(f -> f.id().equals(first.report().packageFormat()))
              .findFirst()
              .flatMap(BundledSchema::forManifestOf);
      byte[] bytes =
          manifest.isEmpty()
              ? new byte[0]
              : ArchiveFiles.readLimited(archive, archive.find(manifest).orElseThrow(), 32 << 20);
      double parse =
          bytes.length == 0
              ? Double.NaN
              : median(
                  runs,
                  () -> {
                    Findings findings = new Findings();
                    Optional<XmlDocument> doc = LOADER.parse(bytes, manifest, findings);
                    schema.ifPresent(s -> doc.ifPresent(d -> VALIDATOR.validate(d, s, findings)));
                  });
      System.out.printf("%-80s %12.2f %12.2f%n", zip.getFileName(), parse, full);
    } catch (IOException | RuntimeException e) {
      System.out.printf("%-80s %s%n", zip.getFileName(), "refused: " + e.getMessage());
    }
  }

  private static double median(int runs, Runnable task) {
    for (int i = 0; i < 5; i++) {
      task.run();
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      task.run();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos[runs / 2] / 1e6;
  }
}

package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.courseport.server.packaging.zip.Archives.refusal;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryScannerTest {
  private static final String MANIFEST = "<manifest/>";

  private static byte[] packageWith(RawZip.Entry entry) {
    return new RawZip().add(RawZip.text("imsmanifest.xml", MANIFEST)).add(entry).toBytes();
  }

  @Test
  void refusesSymlinkEntries() {
    RawZip.Entry link = RawZip.text("content", "/etc").withUnixMode(0120777);
    byte[] zip =
        new RawZip()
            .add(RawZip.text("imsmanifest.xml", MANIFEST))
            .add(link)
            .add(RawZip.text("content/passwd", "through the link"))
            .toBytes();

    DomainException refused = refusal(zip);

    assertThat(refused.reason()).isEqualTo(ZipRefusal.UNSAFE_PATH);
    assertThat(refused.metadata())
        .containsEntry("rule", "zip.path.symlink")
        .containsEntry("entry", "content");
  }

  @Test
  void acceptsRegularUnixFiles() throws Exception {
    byte[] zip = packageWith(RawZip.text("run.sh", "echo").withUnixMode(0100755));

    try (ZipPackageArchive archive = Archives.open(zip)) {
      assertThat(archive.find("run.sh")).isPresent();
    }
  }

  @Test
  void refusesEncryptedEntries() {
    RawZip.Entry secret = RawZip.text("secret.html", "xxxxxxxxxxxxxxxx").withFlags(RawZip.EFS | 1);

    DomainException refused = refusal(packageWith(secret));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.ENCRYPTED);
    assertThat(refused.getMessage()).contains("secret.html").contains("zip.encrypted");
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 14, 93, 99})
  void refusesCompressionMethodsOtherThanStoredAndDeflated(int method) {
    DomainException refused = refusal(packageWith(RawZip.text("a.bin", "data").withMethod(method)));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.UNSUPPORTED_METHOD);
    assertThat(refused.getMessage()).contains("a.bin").contains("(" + method + ")");
  }

  @Test
  void refusesEntriesSharingOneLocalHeader() {
    RawZip.Entry data = RawZip.deflated("a.txt", new byte[100_000]);
    RawZip zip = new RawZip().add(RawZip.text("imsmanifest.xml", MANIFEST)).add(data);
    for (int i = 0; i < 50; i++) {
      zip.add(data.sharingHeaderOf(1, "copy" + i + ".txt"));
    }

    DomainException refused = refusal(zip.toBytes());

    assertThat(refused.reason()).isEqualTo(ZipRefusal.INVALID);
    assertThat(refused.metadata()).containsEntry("rule", "zip.overlap");
  }

  @Test
  void refusesEntriesDeclaringABombRatio() {
    RawZip.Entry entry = RawZip.text("a.bin", "x".repeat(1000)).withSize(2L << 30);

    DomainException refused = refusal(packageWith(entry));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.LIMIT_EXCEEDED);
    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.ratio");
  }

  @Test
  void refusesEntriesDeclaringMoreThanTheEntryLimit() {
    byte[] zip = packageWith(RawZip.text("big.mp4", "0123456789abcdef"));

    DomainException refused = refusal(zip, Archives.limitsWith(12, 1 << 20, 10));

    assertThat(refused.metadata())
        .containsEntry("rule", "zip.limit.entry-size")
        .containsEntry("entry", "big.mp4");
  }

  @Test
  void refusesArchivesDeclaringMoreThanTheTotalLimit() {
    RawZip zip = new RawZip();
    for (int i = 0; i < 10; i++) {
      zip.add(RawZip.text("f" + i + ".txt", "0123456789"));
    }

    DomainException refused = refusal(zip.toBytes(), Archives.limitsWith(100, 95, 100));

    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.total-size");
  }

  @Test
  @Timeout(30)
  void refuses200kEntriesQuicklyWithBoundedMemory(@TempDir Path dir) throws Exception {
    RawZip zip = new RawZip();
    for (int i = 0; i < 200_000; i++) {
      zip.add(RawZip.stored(("f" + i).getBytes(StandardCharsets.US_ASCII), new byte[0]));
    }
    Path file = zip.writeTo(dir.resolve("many.zip"));
    long before = allocatedBytes();

    DomainException refused =
        catchThrowableOfType(
            DomainException.class, () -> ZipPackageArchive.open(file, ZipLimits.defaults()));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.LIMIT_EXCEEDED);
    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.entries");
    assertThat(allocatedBytes() - before).as("bytes allocated to refuse").isLessThan(4L << 20);
  }

  @Test
  void refusesTooManyEntriesEvenWhenTheEndRecordUnderstatesThem() {
    RawZip zip = new RawZip().declaringCount(3);
    for (int i = 0; i < 2_000; i++) {
      zip.add(RawZip.text("f" + i + ".txt", "x"));
    }

    DomainException refused = refusal(zip.toBytes(), Archives.limitsWith(100, 1 << 20, 1_000));

    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.entries");
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}

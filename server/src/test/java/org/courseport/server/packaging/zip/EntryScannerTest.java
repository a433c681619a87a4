package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.packaging.zip.Archives.refusal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;
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
    byte[] zip = new RawZip().add(RawZip.text("imsmanifest.xml", MANIFEST)).add(link)
        .add(RawZip.text("content/passwd", "through the link")).toBytes();

    DomainException refused = refusal(zip);

    assertThat(refused.reason()).isEqualTo(ZipRefusal.UNSAFE_PATH);
    assertThat(refused.metadata()).containsEntry("rule", "zip.path.symlink")
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
}

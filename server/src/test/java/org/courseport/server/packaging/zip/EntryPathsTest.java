package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.packaging.zip.Archives.refusal;

import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryPathsTest {
  private static final String MANIFEST = "<manifest/>";

  private static byte[] packageWith(RawZip.Entry entry) {
    return new RawZip().add(RawZip.text("imsmanifest.xml", MANIFEST)).add(entry).toBytes();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../evil.sh", "a/../../evil.sh", "..\\..\\evil.sh", "./../x"})
  void refusesEntriesClimbingOutOfTheRoot(String name) {
    DomainException refused = refusal(packageWith(RawZip.text(name, "x")));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.UNSAFE_PATH);
    assertThat(refused.metadata()).containsEntry("rule", "zip.path.traversal");
    assertThat(refused.getMessage()).contains(name);
  }

  @Test
  void refusesAbsolutePaths() {
    DomainException refused = refusal(packageWith(RawZip.text("/etc/cron.d/x", "x")));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.UNSAFE_PATH);
    assertThat(refused.metadata()).containsEntry("rule", "zip.path.absolute");
  }

  @ParameterizedTest
  @ValueSource(strings = {"C:\\Windows\\x.dll", "C:/Windows/x.dll", "c:x"})
  void refusesDriveLetters(String name) {
    DomainException refused = refusal(packageWith(RawZip.text(name, "x")));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.UNSAFE_PATH);
    assertThat(refused.metadata()).containsEntry("rule", "zip.path.drive-letter");
  }

  @Test
  void refusesNulInNames() {
    DomainException refused = refusal(packageWith(RawZip.text("index.html\0.jpg", "x")));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.UNSAFE_PATH);
    assertThat(refused.metadata()).containsEntry("rule", "zip.path.nul");
  }

  @Test
  void refusesNamesLongerThanTheLimit() {
    String name = "a".repeat(1025);

    DomainException refused = refusal(packageWith(RawZip.text(name, "x")));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.LIMIT_EXCEEDED);
    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.name-length");
    assertThat(refused.getMessage()).hasSizeLessThan(500);
  }

  @Test
  void refusesPathsDeeperThanTheLimit() {
    String name = "d/".repeat(64) + "x.html";

    DomainException refused = refusal(packageWith(RawZip.text(name, "x")));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.LIMIT_EXCEEDED);
    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.path-depth");
  }
}

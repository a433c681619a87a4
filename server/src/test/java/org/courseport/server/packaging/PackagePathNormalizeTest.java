package org.courseport.server.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackagePathNormalizeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "shared/../imsmanifest.xml, imsmanifest.xml",
    "/a/./b//c.html, a/b/c.html",
    "a\\b\\..\\c.js, a/c.js",
    "a/b/../../index.html, index.html"
  })
  void normalize_resolvesDotsInsideThePackage(String path, String expected) {
    assertThat(PackageFiles.normalize(path)).isEqualTo(expected);
  }

  @Test
  void normalize_leavingThePackage_isInvalidArgument() {
    assertThatThrownBy(() -> PackageFiles.normalize("a/../../etc/passwd"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("must stay inside the package");
  }

  @Test
  void normalize_nulOrControlCharacter_isInvalidArgument() {
    assertThatThrownBy(() -> PackageFiles.normalize("index.html\u0000.png"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> PackageFiles.normalize("a\nb"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("control characters");
  }
}

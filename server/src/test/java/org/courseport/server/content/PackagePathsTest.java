package org.courseport.server.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URL paths of package files to package paths. */
class PackagePathsTest {
  private static Object parse(String raw) {
    return PackagePaths.parse(raw);
  }

  @Test
  void decodesAndNormalises() {
    assertThat(parse("a%20b/c.html")).isEqualTo(new PackagePaths.Path("a b/c.html"));
    assertThat(parse("a%5Cb.html")).isEqualTo(new PackagePaths.Path("a/b.html"));
    assertThat(parse("./a/../b.html")).isEqualTo(new PackagePaths.Path("b.html"));
    assertThat(parse("%C3%A9t%C3%A9.html")).isEqualTo(new PackagePaths.Path("été.html"));
    assertThat(parse("a+b.html")).isEqualTo(new PackagePaths.Path("a+b.html"));
    assertThat(parse("%2Fa.html")).isEqualTo(new PackagePaths.Path("a.html"));
  }

  @Test
  void foldersAreNotFiles() {
    assertThat(parse("")).isInstanceOf(PackagePaths.Folder.class);
    assertThat(parse("shared/")).isInstanceOf(PackagePaths.Folder.class);
    assertThat(parse("shared%2F")).isInstanceOf(PackagePaths.Folder.class);
    assertThat(parse(".")).isInstanceOf(PackagePaths.Folder.class);
  }

  @Test
  void refusesEscapesControlCharactersAndBadEncoding() {
    assertThat(parse("../a.html")).isInstanceOf(PackagePaths.Refused.class);
    assertThat(parse("a/%2e%2e/%2e%2e/etc/passwd")).isInstanceOf(PackagePaths.Refused.class);
    assertThat(parse("..%5C..%5Cx")).isInstanceOf(PackagePaths.Refused.class);
    assertThat(((PackagePaths.Refused) parse("a%00.html")).message()).contains("NUL");
    assertThat(parse("a%0A.html")).isInstanceOf(PackagePaths.Refused.class);
    assertThat(((PackagePaths.Refused) parse("%ff.html")).message()).contains("UTF-8");
    assertThat(parse("a%2.html")).isInstanceOf(PackagePaths.Refused.class);
  }
}

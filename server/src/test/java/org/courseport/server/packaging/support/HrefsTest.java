package org.courseport.server.packaging.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HrefsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a.html            | ?x=1       | a.html?x=1",
        "a.html            | x=1        | a.html?x=1",
        "a.html            | &x=1       | a.html?x=1",
        "a.html?y=2        | ?x=1       | a.html?y=2&x=1",
        "a.html?y=2        | &x=1       | a.html?y=2&x=1",
        "a.html#top        | ?x=1       | a.html?x=1#top",
        "a.html            | #part      | a.html#part",
        "a.html#top        | #part      | a.html#top",
        "a.html            | '  '       | a.html",
        "a.html            | ?          | a.html",
      })
  void parametersJoinTheHrefAsScormCamDescribes(String href, String params, String expected) {
    assertThat(Hrefs.withParameters(href, params)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "resources/   | a.htm          | resources/a.htm",
        "resources    | a.htm          | resources/a.htm",
        "''           | a.htm          | a.htm",
        "resources/   | http://x/a.htm | http://x/a.htm",
      })
  void xmlBaseActsAsAFolder(String base, String href, String expected) {
    assertThat(Hrefs.withBase(base, href)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a/./b/../c.html | a/c.html",
        "./index.html    | index.html",
        "a//b.html       | a/b.html",
      })
  void normaliseResolvesDotSegments(String path, String expected) {
    assertThat(Hrefs.normalise(path)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "../x.html",
    "a/../../x.html",
    "/etc/passwd",
    "C:/x.html",
    "%2e%2e/x.html",
    "\\\\server\\x"
  })
  void normaliseRefusesPathsLeavingThePackage(String path) {
    assertThat(Hrefs.normalise(path)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"javascript:alert(1), true", "https://x/y, true", "C:/x, false", "a/b:c, false"})
  void schemesAreRecognisedButDriveLettersAreNot(String href, boolean scheme) {
    assertThat(Hrefs.hasScheme(href)).isEqualTo(scheme);
  }
}

package org.courseport.server.domain.media;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class TextAndSvgCheckTest {

  private static void feed(TextCheck check, byte[] bytes, int chunk) {
    for (int off = 0; off < bytes.length; off += chunk) {
      check.update(bytes, off, Math.min(chunk, bytes.length - off));
    }
    check.finish();
  }

  @Test
  void text_utf8SplitAcrossChunks_isAccepted() {
    byte[] js = "\uFEFF  const s = 'é – 😀';\nexport default s;".getBytes(StandardCharsets.UTF_8);
    for (int chunk = 1; chunk <= 5; chunk++) {
      int size = chunk;
      assertThatCode(() -> feed(new TextCheck("The widget script", "X"), js, size))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void text_invalidUtf8_isRefusedWithItsOffset() {
    byte[] bad = {'a', 'b', (byte) 0xc3, 0x28};
    assertThatThrownBy(() -> feed(new TextCheck("The widget script", "X"), bad, 3))
        .isInstanceOf(DomainException.class)
        .hasMessage("The widget script is not UTF-8 text (invalid bytes at offset 2).");
  }

  @Test
  void text_truncatedSequenceAtTheEnd_isRefused() {
    byte[] bad = {'a', (byte) 0xe2, (byte) 0x82};
    assertThatThrownBy(() -> feed(new TextCheck("The widget script", "X"), bad, 8))
        .hasMessageContaining("is not UTF-8 text");
  }

  @Test
  void text_nulByte_isBinary() {
    byte[] bad = {'v', 'a', 'r', 0, 'x'};
    assertThatThrownBy(() -> feed(new TextCheck("The widget script", "X"), bad, 8))
        .hasMessage(
            "The widget script contains a binary control character (U+0000), so it is not text.");
  }

  @Test
  void text_html_isRefused() {
    byte[] html = "\n  <html><script>x()</script></html>".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> feed(new TextCheck("The widget script", "X"), html, 4))
        .hasMessage("The widget script starts with '<': it looks like HTML or XML.");
  }

  private static void svg(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    SvgCheck.check(bytes, bytes.length);
  }

  @Test
  void svg_plainDrawing_isAccepted() {
    assertThatCode(
            () ->
                svg(
                    "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">"
                        + "<a href=\"https://example.com\"><rect width=\"1\" height=\"1\"/></a>"
                        + "</svg>"))
        .doesNotThrowAnyException();
  }

  @Test
  void svg_withScriptsOrHandlersOrDtd_isRefused() {
    String ns = "xmlns=\"http://www.w3.org/2000/svg\"";
    assertThatThrownBy(() -> svg("<svg " + ns + "><script>alert(1)</script></svg>"))
        .hasMessage("The SVG file is refused: it contains a <script> element.");
    assertThatThrownBy(() -> svg("<svg " + ns + " onload=\"alert(1)\"/>"))
        .hasMessage("The SVG file is refused: it has an event handler attribute 'onload'.");
    assertThatThrownBy(() -> svg("<svg " + ns + "><foreignObject/></svg>"))
        .hasMessageContaining("<foreignObject>");
    assertThatThrownBy(
            () ->
                svg(
                    "<svg "
                        + ns
                        + " xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\" java"
                        + "script:alert(1)\"/></svg>"))
        .hasMessageContaining("links to script");
    assertThatThrownBy(
            () ->
                svg(
                    "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"y\">]><svg "
                        + ns
                        + ">&x;</svg>"))
        .isInstanceOf(DomainException.class)
        .hasMessageStartingWith("The SVG file is refused: ");
    assertThatThrownBy(() -> svg("<svg " + ns + "><unclosed></svg>"))
        .hasMessageStartingWith("The SVG file is refused: it is not well-formed XML");
  }
}

package org.courseport.server.packaging.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.InspectionLimits;
import org.junit.jupiter.api.Test;

/** Encodings of real manifests: BOMs, UTF-16, declarations that contradict the bytes. */
class XmlDecoderTest {
  private final XmlDocumentLoader loader = new XmlDocumentLoader(InspectionLimits.DEFAULT);
  private final Findings findings = new Findings();

  private Optional<XmlDocument> parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private Optional<XmlDocument> parse(byte[] bytes) {
    return loader.parse(bytes, "imsmanifest.xml", findings);
  }

  private Finding onlyFinding() {
    assertThat(findings.list()).hasSize(1);
    return findings.list().get(0);
  }

  @Test
  void utf8Bom_isRepairedWithWarning() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><m>é</m>".getBytes(StandardCharsets.UTF_8);
    Optional<XmlDocument> doc = parse(concat(bom, body));

    assertThat(doc.orElseThrow().root().text()).isEqualTo("é");
    assertThat(onlyFinding().rule()).isEqualTo("xml.bom");
  }

  @Test
  void utf16WithBom_inBothByteOrders_isReadWithoutFindings() {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><m>Grüße 英国</m>";
    for (Charset cs : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
      byte[] bom =
          cs == StandardCharsets.UTF_16LE
              ? new byte[] {(byte) 0xFF, (byte) 0xFE}
              : new byte[] {(byte) 0xFE, (byte) 0xFF};
      assertThat(parse(concat(bom, xml.getBytes(cs))).orElseThrow().root().text())
          .isEqualTo("Grüße 英国");
    }
    assertThat(findings.list()).isEmpty();
  }

  @Test
  void utf16WithoutBomDeclaredAsUtf8_isReadAsUtf16WithWarning() {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><m>Grüße</m>";
    Optional<XmlDocument> doc = parse(xml.getBytes(StandardCharsets.UTF_16LE));

    assertThat(doc.orElseThrow().root().text()).isEqualTo("Grüße");
    assertThat(onlyFinding().rule()).isEqualTo("xml.encoding.mismatch");
  }

  @Test
  void latin1BytesDeclaredAsUtf8_areReadAsWindows1252WithWarning() {
    byte[] bytes =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><m>Café</m>"
            .getBytes(StandardCharsets.ISO_8859_1);
    Optional<XmlDocument> doc = parse(bytes);

    assertThat(doc.orElseThrow().root().text()).isEqualTo("Café");
    assertThat(onlyFinding().rule()).isEqualTo("xml.encoding.mismatch");
  }

  @Test
  void utf8BytesDeclaredAsLatin1_areReadAsUtf8WithWarning() {
    byte[] bytes =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><m>Café</m>"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(parse(bytes).orElseThrow().root().text()).isEqualTo("Café");
    assertThat(onlyFinding().rule()).isEqualTo("xml.encoding.mismatch");
  }

  @Test
  void genuineLatin1_isReadAsDeclaredWithoutFindings() {
    byte[] bytes =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><m>Café</m>"
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThat(parse(bytes).orElseThrow().root().text()).isEqualTo("Café");
    assertThat(findings.list()).isEmpty();
  }

  @Test
  void unknownDeclaredEncoding_isReadAsUtf8WithWarning() {
    assertThat(parse("<?xml version=\"1.0\" encoding=\"klingon\"?><m>x</m>")).isPresent();
    assertThat(onlyFinding().rule()).isEqualTo("xml.encoding.unknown");
  }

  @Test
  void nulByte_isMalformed() {
    assertThat(parse("<m>a\u0000b</m>")).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.malformed");
  }

  @Test
  void utf32_isRefusedAsUnsupported() {
    assertThat(parse("<m/>".getBytes(Charset.forName("UTF-32BE")))).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.encoding.unsupported");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package org.courseport.server.domain.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.courseport.server.media.MediaSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MediaTypesTest {

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of("jpeg", (BiFunction<Integer, Long, byte[]>) MediaSamples::jpeg, "image/jpeg"),
        Arguments.of("png", (BiFunction<Integer, Long, byte[]>) MediaSamples::png, "image/png"),
        Arguments.of("gif", (BiFunction<Integer, Long, byte[]>) MediaSamples::gif, "image/gif"),
        Arguments.of("webp", (BiFunction<Integer, Long, byte[]>) MediaSamples::webp, "image/webp"),
        Arguments.of("wav", (BiFunction<Integer, Long, byte[]>) MediaSamples::wav, "audio/wav"),
        Arguments.of("mp4", (BiFunction<Integer, Long, byte[]>) MediaSamples::mp4, "video/mp4"),
        Arguments.of("m4a", (BiFunction<Integer, Long, byte[]>) MediaSamples::m4a, "audio/mp4"),
        Arguments.of("webm", (BiFunction<Integer, Long, byte[]>) MediaSamples::webm, "video/webm"),
        Arguments.of(
            "mp3 with ID3", (BiFunction<Integer, Long, byte[]>) MediaSamples::mp3Id3, "audio/mpeg"),
        Arguments.of(
            "mp3 frame", (BiFunction<Integer, Long, byte[]>) MediaSamples::mp3Frame, "audio/mpeg"),
        Arguments.of("ogg", (BiFunction<Integer, Long, byte[]>) MediaSamples::ogg, "audio/ogg"),
        Arguments.of(
            "pdf", (BiFunction<Integer, Long, byte[]>) MediaSamples::pdf, "application/pdf"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sniff_findsTheTypeFromTheLeadingBytes(
      String name, BiFunction<Integer, Long, byte[]> sample, String type) {
    byte[] bytes = sample.apply(2000, 7L);
    assertThat(MediaTypes.sniff(bytes, bytes.length)).contains(type);
    assertThat(MediaTypes.extensionOf(type)).isNotBlank();
  }

  @Test
  void sniff_svgWithAndWithoutProlog() {
    byte[] svg = MediaSamples.svg();
    assertThat(MediaTypes.sniff(svg, svg.length)).contains("image/svg+xml");
    byte[] bare = MediaSamples.ascii("  <svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
    assertThat(MediaTypes.sniff(bare, bare.length)).contains("image/svg+xml");
    assertThat(MediaTypes.extensionOf("image/svg+xml")).isEqualTo("svg");
  }

  @Test
  void sniff_htmlDisguisedAsAnImage_isNoMediaType_andIsDescribedAsHtml() {
    byte[] html = MediaSamples.html();
    assertThat(MediaTypes.sniff(html, html.length)).isEmpty();
    assertThat(MediaTypes.describe(html, html.length)).isEqualTo("text/html");
    byte[] svgInHtml =
        MediaSamples.ascii("<html><body><svg xmlns=\"http://www.w3.org/2000/svg\"/></body></html>");
    assertThat(MediaTypes.sniff(svgInHtml, svgInHtml.length)).isEmpty();
  }

  @Test
  void sniff_otherFormats_areNotMedia() {
    byte[] zip = MediaSamples.ascii("PK\u0003\u0004rest of a zip");
    assertThat(MediaTypes.sniff(zip, zip.length)).isEmpty();
    assertThat(MediaTypes.describe(zip, zip.length)).isEqualTo("application/zip");
    byte[] exe = MediaSamples.ascii("MZ\u0090\u0000");
    assertThat(MediaTypes.sniff(exe, exe.length)).isEmpty();
    byte[] qt = MediaSamples.quicktime(100, 1);
    assertThat(MediaTypes.sniff(qt, qt.length)).isEmpty();
    assertThat(MediaTypes.describe(qt, qt.length)).isEqualTo("video/quicktime");
    byte[] text = MediaSamples.ascii("just some text");
    assertThat(MediaTypes.sniff(text, text.length)).isEmpty();
    // AAC ADTS shares the frame sync with MP3 but has layer bits 00.
    byte[] adts = {(byte) 0xff, (byte) 0xf1, 0x50, (byte) 0x80};
    assertThat(MediaTypes.sniff(adts, adts.length)).isEmpty();
  }

  @Test
  void sniff_ignoresTheFileNameEntirely_aJpegCalledPngIsAJpeg() {
    // The sniffer never sees a name: a lying extension cannot change the result.
    byte[] jpeg = MediaSamples.jpeg(500, 3);
    assertThat(MediaTypes.sniff(jpeg, jpeg.length)).isEqualTo(Optional.of("image/jpeg"));
  }

  @Test
  void canonical_resolvesAliasesAndParameters_andOctetStreamIsNoClaim() {
    assertThat(MediaTypes.canonical("IMAGE/JPG; charset=binary")).isEqualTo("image/jpeg");
    assertThat(MediaTypes.canonical("audio/mp3")).isEqualTo("audio/mpeg");
    assertThat(MediaTypes.canonical("application/octet-stream")).isNull();
    assertThat(MediaTypes.canonical(" ")).isNull();
    assertThat(MediaTypes.canonical("text/html")).isEqualTo("text/html");
    assertThat(MediaTypes.isSupported("text/html")).isFalse();
  }

  @Test
  void agree_sameContainerNamesAgree_otherTypesDoNot() {
    assertThat(MediaTypes.agree("audio/mp4", "video/mp4")).isTrue();
    assertThat(MediaTypes.agree("image/png", "image/jpeg")).isFalse();
  }

  @Test
  void ofExtension_namesTheTypeOfCommonExtensions() {
    assertThat(MediaTypes.ofExtension("JPEG")).isEqualTo("image/jpeg");
    assertThat(MediaTypes.ofExtension("mp3")).isEqualTo("audio/mpeg");
    assertThat(MediaTypes.ofExtension("exe")).isNull();
  }
}

package org.courseport.server.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.courseport.server.domain.job.MediaMetadata;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.InspectionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaPackagesTest {
  @TempDir Path dir;

  @Test
  void isMedia_byDeclaredTypeOrByName() {
    assertThat(MediaPackages.isMedia("application/pdf", "x.bin")).isTrue();
    assertThat(MediaPackages.isMedia("video/mp4; codecs=avc1", "")).isTrue();
    assertThat(MediaPackages.isMedia("", "talk.MP3")).isTrue();
    assertThat(MediaPackages.isMedia("application/octet-stream", "slides.pdf")).isTrue();
    assertThat(MediaPackages.isMedia("application/zip", "slides.pdf")).isFalse();
    assertThat(MediaPackages.isMedia("", "course.zip")).isFalse();
    assertThat(MediaPackages.isMedia(null, null)).isFalse();
  }

  @Test
  void describe_pdf_isOneAssetWithTheCallersMetadata() throws IOException {
    Path pdf = Files.writeString(dir.resolve("guide.pdf"), "%PDF-1.7\n...");
    InspectionResult r;
    try (SeekableByteChannel ch = Files.newByteChannel(pdf)) {
      r =
          MediaPackages.describe(
              ch,
              "docs/guide.pdf",
              "application/pdf",
              new MediaMetadata("Safety guide", "Read me", "en-US", 300));
    }
    assertThat(r.report().valid()).isTrue();
    assertThat(r.description().packageFormat()).isEqualTo("media");
    assertThat(r.description().title()).isEqualTo("Safety guide");
    assertThat(r.description().launchUrl()).isEqualTo("guide.pdf");
    assertThat(r.description().rootActivity().type()).isEqualTo(ActivityType.ASSET);
    assertThat(r.description().metadata().duration()).isEqualTo("PT300S");
    assertThat(r.description().languages()).containsExactly("en-US");
  }

  @Test
  void describe_bytesNotOfTheDeclaredType_isRefusedNamingTheType() throws IOException {
    Path fake = Files.write(dir.resolve("movie.mp4"), "hello".getBytes(StandardCharsets.UTF_8));
    InspectionResult r;
    try (SeekableByteChannel ch = Files.newByteChannel(fake)) {
      r = MediaPackages.describe(ch, "movie.mp4", "video/mp4", null);
    }
    assertThat(r.report().valid()).isFalse();
    assertThat(r.report().firstError().orElseThrow().rule()).isEqualTo("media.type-mismatch");
    assertThat(r.report().firstError().orElseThrow().message()).contains("video/mp4");
  }

  @Test
  void safeName_dropsPathsAndControlCharacters() {
    assertThat(MediaPackages.safeName("..\\..\\evil.pdf", "application/pdf")).isEqualTo("evil.pdf");
    assertThat(MediaPackages.safeName("", "video/mp4")).isEqualTo("media.m4v");
    assertThat(MediaPackages.safeName("a\u0000b.mp3", "audio/mpeg")).isEqualTo("ab.mp3");
  }
}

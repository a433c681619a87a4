package org.courseport.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import org.courseport.server.domain.lesson.ContentSchema;
import org.courseport.server.domain.lessonexport.ExportSources;
import org.courseport.server.domain.lessonexport.ExportSources.SourceMedia;
import org.courseport.server.domain.lessonexport.LibraryExportSources;
import org.courseport.server.domain.media.MediaCatalog;
import org.courseport.server.domain.media.MediaItem;
import org.courseport.server.domain.media.MediaUpload;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stored length of uploaded media, as an export's plan asks for it: the media library answers
 * from the blob store, external media have none, the export sources over the library give the same
 * length, and the interface's default (for sources without a store) counts the bytes.
 */
class MediaStoredSizeTest {
  @RegisterExtension
  static final CourseportServerExtension SERVER = new CourseportServerExtension();

  static String tenant() {
    return SERVER
        .server()
        .services()
        .tenants()
        .findKey(CourseportServerExtension.KEY.split(":")[0])
        .orElseThrow()
        .tenantId();
  }

  static MediaItem upload(byte[] bytes) {
    MediaCatalog media = SERVER.server().services().media();
    try (MediaUpload upload = media.beginUpload(tenant(), "clip.mp4", null, null, null)) {
      upload.write(bytes, 0, bytes.length);
      return upload.finish();
    }
  }

  @Test
  void storedSize_isTheStoredBlobsLength_andTheExportSourcesGiveIt() throws Exception {
    byte[] bytes = MediaSamples.mp4(300_000, 7);
    MediaItem item = upload(bytes);
    MediaCatalog media = SERVER.server().services().media();

    assertThat(media.storedSize(item)).isEqualTo(bytes.length).isEqualTo(item.sizeBytes());

    LibraryExportSources sources =
        new LibraryExportSources(
            SERVER.server().services().lessonCatalog(), ContentSchema.bundled(), media);
    SourceMedia source = sources.findMedia(tenant(), item.id()).orElseThrow();
    assertThat(sources.mediaSize(source)).isEqualTo(bytes.length);
    try (InputStream in = sources.openMedia(source)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  @Test
  void externalMedia_haveNoStoredSize() {
    MediaCatalog media = SERVER.server().services().media();
    // As the library records external media: a URL, no stored bytes.
    MediaItem external =
        new MediaItem(
            UUID.randomUUID(),
            tenant(),
            "video/mp4",
            "mp4",
            null,
            null,
            null,
            "https://media.example.org/talk.mp4",
            null,
            java.time.Instant.now());

    assertThatThrownBy(() -> media.storedSize(external))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Media "
                + external.id()
                + " is external: its bytes are at https://media.example.org/talk.mp4");
  }

  @Test
  void theDefaultMediaSize_countsTheBytes() throws IOException {
    byte[] bytes = new byte[200_001];
    ExportSources counting =
        (ExportSources)
            java.lang.reflect.Proxy.newProxyInstance(
                ExportSources.class.getClassLoader(),
                new Class<?>[] {ExportSources.class},
                (proxy, method, args) -> {
                  if (method.isDefault()) {
                    return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                  }
                  if (method.getName().equals("openMedia")) {
                    return (InputStream) new ByteArrayInputStream(bytes);
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    SourceMedia m =
        new SourceMedia(UUID.randomUUID(), "video/mp4", "mp4", "0".repeat(64), null, null);

    assertThat(counting.mediaSize(m)).isEqualTo(200_001);
    assertThat(Optional.of(m).map(SourceMedia::external)).contains(false);
  }
}

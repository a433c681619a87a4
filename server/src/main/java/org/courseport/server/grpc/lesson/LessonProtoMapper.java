package org.courseport.server.grpc.lesson;

import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.courseport.api.v1.Lesson;
import org.courseport.api.v1.LessonVersion;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.lesson.PublishedLessonVersion;

/** Lessons and versions to their protos; page sizes and tokens. */
final class LessonProtoMapper {
  static final int MAX_PAGE_SIZE = 100;

  private LessonProtoMapper() {}

  /** A lesson, with its draft content when {@code withContent}. */
  static Lesson toProto(org.courseport.server.domain.lesson.Lesson l, boolean withContent) {
    Lesson.Builder b =
        Lesson.newBuilder()
            .setLessonId(l.id().toString())
            .setTitle(l.title())
            .setSlug(l.slug())
            .setCreateTime(timestamp(l.created()))
            .setUpdateTime(timestamp(l.updated()))
            .setLatestVersionNumber(l.latestVersionNumber());
    l.latestVersion().ifPresent(id -> b.setLatestVersionId(id.toString()));
    if (withContent) {
      b.setContent(StructJson.toStruct(l.content()));
    }
    return b.build();
  }

  /** A published version, with its content when {@code withContent}. */
  static LessonVersion toProto(PublishedLessonVersion v, boolean withContent) {
    LessonVersion.Builder b =
        LessonVersion.newBuilder()
            .setVersionId(v.versionId().toString())
            .setLessonId(v.lessonId().toString())
            .setVersionNumber(v.versionNumber())
            .setPublishTime(timestamp(v.publishedAt()))
            .setTitle(v.title())
            .setSlug(v.slug());
    if (withContent) {
      b.setContent(StructJson.toStruct(v.content()));
    }
    return b.build();
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** The page size asked for: 0 means {@code defaultSize}, else 1 to {@link #MAX_PAGE_SIZE}. */
  static int pageSize(int asked, int defaultSize) {
    if (asked < 0 || asked > MAX_PAGE_SIZE) {
      throw DomainException.invalid(
          "INVALID_PAGE_SIZE", "pageSize must be between 1 and " + MAX_PAGE_SIZE);
    }
    return asked == 0 ? Math.min(defaultSize, MAX_PAGE_SIZE) : asked;
  }

  /** The offset an opaque page token stands for (0 for none). */
  static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (raw.startsWith("o:")) {
        int offset = Integer.parseInt(raw.substring(2));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw DomainException.invalid("INVALID_PAGE_TOKEN", "pageToken is not one this API issued");
  }

  /** The token of the page after one of {@code size} rows at {@code offset}; empty on the last. */
  static String nextToken(int offset, int size, boolean more) {
    if (!more) {
      return "";
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("o:" + (offset + size)).getBytes(StandardCharsets.UTF_8));
  }
}

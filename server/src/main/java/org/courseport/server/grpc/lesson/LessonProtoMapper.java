package org.courseport.server.grpc.lesson;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.courseport.api.v1.Lesson;
import org.courseport.api.v1.LessonVersion;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.lesson.PublishedLessonVersion;
import org.courseport.server.grpc.OffsetPageTokens;

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
    return OffsetPageTokens.offset(token, "o:", "pageToken is not one this API issued");
  }

  /** The token of the page after one of {@code size} rows at {@code offset}; empty on the last. */
  static String nextToken(int offset, int size, boolean more) {
    return OffsetPageTokens.next("o:", offset, size, more);
  }
}

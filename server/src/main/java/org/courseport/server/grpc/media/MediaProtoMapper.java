package org.courseport.server.grpc.media;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.courseport.api.v1.MediaAttribution;
import org.courseport.api.v1.MediaItem;
import org.courseport.api.v1.Widget;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.media.Attribution;
import org.courseport.server.domain.media.WidgetBundle;
import org.courseport.server.grpc.OffsetPageTokens;

/** Domain media and widgets to their proto messages, and paging tokens. */
final class MediaProtoMapper {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 100;

  private MediaProtoMapper() {}

  static MediaItem toProto(org.courseport.server.domain.media.MediaItem m) {
    MediaItem.Builder b =
        MediaItem.newBuilder()
            .setId(m.id().toString())
            .setExternal(m.external())
            .setCreatedAt(timestamp(m.createdAt()));
    if (m.mimeType() != null) {
      b.setMimeType(m.mimeType());
    }
    if (m.ext() != null) {
      b.setExt(m.ext());
    }
    if (m.sizeBytes() != null) {
      b.setSizeBytes(m.sizeBytes());
    }
    if (m.sha256() != null) {
      b.setSha256(m.sha256());
    }
    if (m.filename() != null) {
      b.setFilename(m.filename());
    }
    if (m.externalUrl() != null) {
      b.setUrl(m.externalUrl());
    }
    if (m.attribution() != null) {
      b.setAttribution(toProto(m.attribution()));
    }
    return b.build();
  }

  static MediaAttribution toProto(Attribution a) {
    MediaAttribution.Builder b = MediaAttribution.newBuilder();
    if (a.text() != null) {
      b.setText(a.text());
    }
    if (a.url() != null) {
      b.setUrl(a.url());
    }
    if (a.portfolioUrl() != null) {
      b.setPortfolioUrl(a.portfolioUrl());
    }
    return b.build();
  }

  static Attribution fromProto(MediaAttribution a) {
    return Attribution.normalize(new Attribution(a.getText(), a.getUrl(), a.getPortfolioUrl()));
  }

  static Widget toProto(WidgetBundle w, long scriptSize, Long styleSize) {
    Widget.Builder b =
        Widget.newBuilder()
            .setId(w.id().toString())
            .setWidgetType(w.widgetType())
            .setScriptSha256(w.scriptSha256())
            .setScriptSizeBytes(scriptSize)
            .setCreatedAt(timestamp(w.createdAt()));
    if (w.styleSha256() != null) {
      b.setStyleSha256(w.styleSha256());
    }
    if (styleSize != null) {
      b.setStyleSizeBytes(styleSize);
    }
    return b.build();
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static int pageSize(int asked) {
    if (asked < 0 || asked > MAX_PAGE_SIZE) {
      throw DomainException.invalid(
          "INVALID_PAGE_SIZE", "page_size must be between 1 and " + MAX_PAGE_SIZE + ".");
    }
    return asked == 0 ? DEFAULT_PAGE_SIZE : asked;
  }

  /** The offset an opaque page token stands for (0 for none). */
  static int offset(String token) {
    return OffsetPageTokens.offset(token, "m:", "page_token is not one this API issued.");
  }

  /** The token of the page after one of {@code size} rows at {@code offset}; empty on the last. */
  static String nextToken(int offset, int size, boolean more) {
    return OffsetPageTokens.next("m:", offset, size, more);
  }
}

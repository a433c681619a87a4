package org.courseport.server.domain.lessonexport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.courseport.server.domain.lessonexport.LessonManifest.Attribution;
import org.courseport.server.domain.lessonexport.LessonManifest.FailedMedia;
import org.courseport.server.domain.lessonexport.LessonManifest.FailedWidget;
import org.courseport.server.domain.lessonexport.LessonManifest.MediaFile;
import org.courseport.server.domain.lessonexport.LessonManifest.WidgetFile;

/**
 * Writes manifest.json exactly in the documented field order and names (pretty-printed, UTF-8), and
 * reads it back from the cache.
 */
final class ManifestJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Two-space indentation, {@code "name": value}, {@code []} for empty arrays, LF line ends. */
  private static final DefaultPrettyPrinter PRETTY;

  static {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    PRETTY =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
  }

  private ManifestJson() {}

  static byte[] write(LessonManifest m) {
    ObjectNode root = JSON.createObjectNode();
    root.put("lessonId", m.lessonId());
    root.put("title", m.title());
    root.put("versionNumber", m.versionNumber());
    root.put("versionId", m.versionId());
    root.put("publishedAt", m.publishedAt());
    root.put("exportedAt", m.exportedAt());
    root.put("formatVersion", m.formatVersion());
    ObjectNode files = root.putObject("files");
    files.put("lesson", m.lessonPath());
    ArrayNode media = files.putArray("media");
    for (MediaFile f : m.media()) {
      media
          .addObject()
          .put("id", f.id())
          .put("localPath", f.localPath())
          .put("mimeType", f.mimeType());
    }
    ArrayNode widgets = files.putArray("widgets");
    for (WidgetFile w : m.widgets()) {
      ObjectNode node =
          widgets.addObject().put("widgetType", w.widgetType()).put("localPath", w.localPath());
      if (w.cssLocalPath() != null) {
        node.put("cssLocalPath", w.cssLocalPath());
      }
    }
    ArrayNode failedMedia = root.putArray("failedMedia");
    for (FailedMedia f : m.failedMedia()) {
      failedMedia.addObject().put("id", f.id()).put("url", f.url()).put("reason", f.reason());
    }
    ArrayNode failedWidgets = root.putArray("failedWidgets");
    for (FailedWidget f : m.failedWidgets()) {
      ObjectNode node = failedWidgets.addObject().put("id", f.id());
      if (f.widgetType() != null) {
        node.put("widgetType", f.widgetType());
      }
      node.put("reason", f.reason());
    }
    ArrayNode attributions = root.putArray("attributions");
    for (Attribution a : m.attributions()) {
      attributions
          .addObject()
          .put("mediaId", a.mediaId())
          .put("text", a.text())
          .put("url", a.url())
          .put("portfolioUrl", a.portfolioUrl());
    }
    try {
      return JSON.writer(PRETTY).writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write manifest.json", e);
    }
  }

  static LessonManifest read(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A cached lesson export manifest is not JSON", e);
    }
    JsonNode files = root.path("files");
    List<MediaFile> media = new ArrayList<>();
    for (JsonNode n : files.path("media")) {
      media.add(new MediaFile(text(n, "id"), text(n, "localPath"), text(n, "mimeType")));
    }
    List<WidgetFile> widgets = new ArrayList<>();
    for (JsonNode n : files.path("widgets")) {
      String local = text(n, "localPath");
      String id = local.substring(local.lastIndexOf('/') + 1, local.length() - ".js".length());
      widgets.add(new WidgetFile(id, text(n, "widgetType"), local, text(n, "cssLocalPath")));
    }
    List<FailedMedia> failedMedia = new ArrayList<>();
    for (JsonNode n : root.path("failedMedia")) {
      failedMedia.add(new FailedMedia(text(n, "id"), text(n, "url"), text(n, "reason")));
    }
    List<FailedWidget> failedWidgets = new ArrayList<>();
    for (JsonNode n : root.path("failedWidgets")) {
      failedWidgets.add(new FailedWidget(text(n, "id"), text(n, "widgetType"), text(n, "reason")));
    }
    List<Attribution> attributions = new ArrayList<>();
    for (JsonNode n : root.path("attributions")) {
      attributions.add(
          new Attribution(
              text(n, "mediaId"), text(n, "text"), text(n, "url"), text(n, "portfolioUrl")));
    }
    return new LessonManifest(
        text(root, "lessonId"),
        text(root, "title"),
        root.path("versionNumber").asInt(),
        text(root, "versionId"),
        text(root, "publishedAt"),
        text(root, "exportedAt"),
        text(root, "formatVersion"),
        text(files, "lesson"),
        media,
        widgets,
        failedMedia,
        failedWidgets,
        attributions);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}

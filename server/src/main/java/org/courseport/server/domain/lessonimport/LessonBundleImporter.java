package org.courseport.server.domain.lessonimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.lesson.Lesson;
import org.courseport.server.domain.lesson.LessonErrors;
import org.courseport.server.domain.lesson.Lessons;
import org.courseport.server.domain.lesson.PublishedLessonVersion;
import org.courseport.server.domain.lesson.Slugs;
import org.courseport.server.domain.media.Attribution;
import org.courseport.server.domain.media.MediaCatalog;
import org.courseport.server.domain.media.MediaItem;
import org.courseport.server.domain.media.MediaUpload;
import org.courseport.server.domain.media.WidgetBundle;
import org.courseport.server.domain.media.WidgetUpload;

/**
 * Imports a lesson bundle (the zip {@code LessonExporter} writes): reads and checks manifest.json
 * and lesson.json, stores the listed media through the media catalog's upload path (type checked by
 * signature, content-addressed, attribution from the manifest) and the listed widgets through its
 * widget path, all with new ids, rewrites lesson.json's {@code ./media/{id}.{ext}} references to
 * {@code media:{new id}} and its widget ids to the new ones, creates the lesson and publishes it
 * when asked. On any failure whatever was stored is removed again.
 */
public final class LessonBundleImporter {

  /** The largest manifest.json or lesson.json read into memory. */
  public static final int MAX_JSON_BYTES = 8 * 1024 * 1024;

  public static final String MANIFEST_MISSING = "BUNDLE_MANIFEST_MISSING";
  public static final String MANIFEST_INVALID = "BUNDLE_MANIFEST_INVALID";
  public static final String FILE_MISSING = "BUNDLE_FILE_MISSING";
  public static final String LESSON_INVALID = "BUNDLE_LESSON_INVALID";
  public static final String FILE_REFUSED = "BUNDLE_FILE_REFUSED";

  private static final int SLUG_ATTEMPTS = 100;
  private static final String UUID_RE =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  private static final Pattern MEDIA_PATH =
      Pattern.compile("\\./media/(" + UUID_RE + ")(\\.[A-Za-z0-9]{1,10})?");
  private static final Pattern WIDGET_PATH = Pattern.compile("\\./widgets/(" + UUID_RE + ")\\.js");
  private static final Pattern WIDGET_CSS = Pattern.compile("\\./widgets/(" + UUID_RE + ")\\.css");
  private static final Pattern VERSION_SUFFIX = Pattern.compile("-v[0-9]+$");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final Lessons lessons;
  private final MediaCatalog media;

  public LessonBundleImporter(Lessons lessons, MediaCatalog media) {
    this.lessons = lessons;
    this.media = media;
  }

  /**
   * How to import.
   *
   * @param title the new lesson's title; null or blank for the manifest's
   * @param slug the new lesson's slug; null or blank for the bundle folder's, made unique
   * @param publish whether to publish the imported draft
   */
  public record Options(String title, String slug, boolean publish) {}

  private record MediaEntry(String id, String path, String mimeType) {}

  private record WidgetEntry(String id, String widgetType, String scriptPath, String stylePath) {}

  /** Imports the bundle for the tenant. */
  public ImportedLesson importBundle(String tenantId, BundleArchive zip, Options options)
      throws IOException {
    Set<String> paths = new HashSet<>(zip.paths());
    String root = root(paths);
    JsonNode manifest = readJson(zip, root + "manifest.json", "manifest.json", MANIFEST_INVALID);
    if (!manifest.isObject()) {
      throw invalidManifest("it is not a JSON object");
    }
    JsonNode files = manifest.path("files");
    if (!files.isObject()) {
      throw invalidManifest("\"files\" must be an object");
    }
    List<String> warnings = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    listed.add(root + "manifest.json");

    String lessonPath = root + local(files.get("lesson"), "files.lesson");
    listed.add(lessonPath);
    requireFile(paths, lessonPath, "files.lesson");

    Map<String, Attribution> attributions = new HashMap<>();
    JsonNode credits = manifest.path("attributions");
    if (!credits.isMissingNode() && !credits.isArray()) {
      throw invalidManifest("\"attributions\" must be an array");
    }
    for (JsonNode a : credits) {
      attributions.put(
          text(a, "mediaId"),
          new Attribution(text(a, "text"), text(a, "url"), text(a, "portfolioUrl")));
    }

    List<MediaEntry> mediaEntries = new ArrayList<>();
    Set<String> mediaIds = new HashSet<>();
    int i = 0;
    for (JsonNode m : array(files, "media")) {
      String where = "files.media[" + i++ + "]";
      String local = local(m.get("localPath"), where + ".localPath");
      Matcher path = MEDIA_PATH.matcher("./" + local);
      String id = text(m, "id");
      if (!path.matches() || id == null || !path.group(1).equalsIgnoreCase(id)) {
        throw invalidManifest(
            where + " must have an \"id\" (a UUID) and a \"localPath\" ./media/{id}.{ext}");
      }
      if (!mediaIds.add(id.toLowerCase())) {
        throw invalidManifest(where + " lists media " + id + " a second time");
      }
      requireFile(paths, root + local, where);
      listed.add(root + local);
      mediaEntries.add(new MediaEntry(id.toLowerCase(), root + local, text(m, "mimeType")));
    }

    List<WidgetEntry> widgetEntries = new ArrayList<>();
    i = 0;
    for (JsonNode w : array(files, "widgets")) {
      String where = "files.widgets[" + i++ + "]";
      String local = local(w.get("localPath"), where + ".localPath");
      Matcher path = WIDGET_PATH.matcher("./" + local);
      if (!path.matches()) {
        throw invalidManifest(where + ".localPath must be ./widgets/{id}.js");
      }
      String id = path.group(1).toLowerCase();
      requireFile(paths, root + local, where);
      listed.add(root + local);
      String style = null;
      if (w.hasNonNull("cssLocalPath")) {
        String css = local(w.get("cssLocalPath"), where + ".cssLocalPath");
        Matcher cm = WIDGET_CSS.matcher("./" + css);
        if (!cm.matches() || !cm.group(1).equalsIgnoreCase(id)) {
          throw invalidManifest(where + ".cssLocalPath must be ./widgets/" + id + ".css");
        }
        style = root + css;
        requireFile(paths, style, where);
        listed.add(style);
      }
      widgetEntries.add(new WidgetEntry(id, text(w, "widgetType"), root + local, style));
    }
    for (JsonNode f : manifest.path("failedMedia")) {
      warnings.add("Media " + text(f, "id") + " was not in the export (" + text(f, "reason") + ")");
    }
    for (JsonNode f : manifest.path("failedWidgets")) {
      warnings.add(
          "Widget " + text(f, "id") + " was not in the export (" + text(f, "reason") + ")");
    }
    for (String p : zip.paths()) {
      if (!listed.contains(p)) {
        warnings.add("Ignored " + p + ": manifest.json does not list it");
      }
    }

    JsonNode content = readJson(zip, lessonPath, "lesson.json", LESSON_INVALID);
    if (!content.isObject() || !content.path("blocks").isArray()) {
      throw DomainException.invalid(
          LESSON_INVALID, "lesson.json must be a JSON object with a \"blocks\" array.");
    }
    String title =
        options.title() != null && !options.title().isBlank()
            ? options.title()
            : text(manifest, "title");
    if (title == null || title.isBlank()) {
      throw invalidManifest("\"title\" is missing and no title was given");
    }
    String slugBase = null;
    if (options.slug() == null || options.slug().isBlank()) {
      String folder = root.isEmpty() ? "" : root.substring(0, root.length() - 1);
      slugBase = VERSION_SUFFIX.matcher(folder).replaceFirst("");
      if (!Slugs.isValid(slugBase)) {
        slugBase = Slugs.fromTitle(title.strip());
      }
    }
    return store(
        tenantId,
        zip,
        options,
        title,
        slugBase,
        content,
        mediaEntries,
        widgetEntries,
        attributions,
        warnings);
  }

  private ImportedLesson store(
      String tenantId,
      BundleArchive zip,
      Options options,
      String title,
      String slugBase,
      JsonNode content,
      List<MediaEntry> mediaEntries,
      List<WidgetEntry> widgetEntries,
      Map<String, Attribution> attributions,
      List<String> warnings)
      throws IOException {
    Map<String, String> newMedia = new LinkedHashMap<>();
    Map<String, String> newWidgets = new LinkedHashMap<>();
    Lesson lesson = null;
    try {
      for (MediaEntry m : mediaEntries) {
        newMedia.put(
            m.id(), storeMedia(tenantId, zip, m, attributions.get(m.id())).id().toString());
      }
      for (WidgetEntry w : widgetEntries) {
        newWidgets.put(w.id(), storeWidget(tenantId, zip, w).id().toString());
      }
      JsonNode rewritten = content.deepCopy();
      rewrite(rewritten, newMedia, newWidgets);
      String json = JSON.writeValueAsString(rewritten);
      lesson = create(tenantId, title, options.slug(), slugBase, json);
      PublishedLessonVersion version =
          options.publish() ? lessons.publish(tenantId, lesson.id().toString()) : null;
      return new ImportedLesson(lesson, version, newMedia, newWidgets, List.copyOf(warnings));
    } catch (RuntimeException | IOException e) {
      undo(tenantId, lesson, newMedia, newWidgets, e);
      throw e;
    }
  }

  private Lesson create(String tenantId, String title, String slug, String slugBase, String json) {
    if (slugBase == null) {
      return lessons.create(tenantId, title, slug, json);
    }
    for (int n = 1; n <= SLUG_ATTEMPTS; n++) {
      try {
        return lessons.create(tenantId, title, n == 1 ? slugBase : slugBase + "-" + n, json);
      } catch (DomainException e) {
        if (!LessonErrors.SLUG_TAKEN.equals(e.reason())) {
          throw e;
        }
      }
    }
    return lessons.create(tenantId, title, slugBase, json);
  }

  private MediaItem storeMedia(
      String tenantId, BundleArchive zip, MediaEntry m, Attribution attribution)
      throws IOException {
    String name = m.path().substring(m.path().lastIndexOf('/') + 1);
    try (MediaUpload upload =
            media.beginUpload(tenantId, name, m.mimeType(), attribution, zip.size(m.path()));
        InputStream in = zip.open(m.path())) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        upload.write(buffer, 0, n);
      }
      return upload.finish();
    } catch (DomainException e) {
      throw refused(m.path(), e);
    }
  }

  private WidgetBundle storeWidget(String tenantId, BundleArchive zip, WidgetEntry w)
      throws IOException {
    try (WidgetUpload upload = media.beginWidget(tenantId)) {
      upload.widgetType(w.widgetType());
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = zip.open(w.scriptPath())) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          upload.writeScript(buffer, 0, n);
        }
      }
      if (w.stylePath() != null) {
        try (InputStream in = zip.open(w.stylePath())) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            upload.writeStyle(buffer, 0, n);
          }
        }
      }
      return upload.finish();
    } catch (DomainException e) {
      throw refused(w.scriptPath(), e);
    }
  }

  private static DomainException refused(String path, DomainException e) {
    return new DomainException(
        e.kind(),
        e.reason(),
        "The bundle file " + path + " is refused: " + e.getMessage(),
        e.metadata());
  }

  /** Removes what an import that failed has stored; a failure here is added to {@code cause}. */
  private void undo(
      String tenantId,
      Lesson lesson,
      Map<String, String> newMedia,
      Map<String, String> newWidgets,
      Exception cause) {
    try {
      if (lesson != null) {
        lessons.delete(tenantId, lesson.id().toString());
      }
      for (String id : newMedia.values()) {
        media.delete(tenantId, UUID.fromString(id));
      }
      for (String id : newWidgets.values()) {
        media.deleteWidget(tenantId, UUID.fromString(id));
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** {@code ./media/{old}[.ext]} strings → {@code media:{new}}; widget blocks' ids → new ids. */
  private static void rewrite(
      JsonNode node, Map<String, String> newMedia, Map<String, String> newWidgets) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      boolean widgetBlock = "widget".equals(object.path("type").asText(null));
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        if (value.isTextual()) {
          String replaced =
              widgetBlock && field.getKey().equals("widget")
                  ? newWidgets.get(value.asText().toLowerCase())
                  : mediaReference(value.asText(), newMedia);
          if (replaced != null) {
            field.setValue(TextNode.valueOf(replaced));
          }
        } else {
          rewrite(value, newMedia, newWidgets);
        }
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        String replaced = value.isTextual() ? mediaReference(value.asText(), newMedia) : null;
        if (replaced != null) {
          array.set(i, TextNode.valueOf(replaced));
        } else {
          rewrite(value, newMedia, newWidgets);
        }
      }
    }
  }

  private static String mediaReference(String text, Map<String, String> newMedia) {
    Matcher m = MEDIA_PATH.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    String id = newMedia.get(m.group(1).toLowerCase());
    return id == null ? null : "media:" + id;
  }

  /** The folder holding manifest.json ({@code ""} or {@code "{slug}-v{n}/"}). */
  private static String root(Set<String> paths) {
    if (paths.contains("manifest.json")) {
      return "";
    }
    List<String> roots = new ArrayList<>();
    for (String p : paths) {
      int slash = p.indexOf('/');
      if (slash > 0 && p.substring(slash + 1).equals("manifest.json")) {
        roots.add(p.substring(0, slash + 1));
      }
    }
    if (roots.size() != 1) {
      throw DomainException.invalid(
          MANIFEST_MISSING,
          roots.isEmpty()
              ? "The zip is not a lesson bundle: it has no manifest.json (expected"
                  + " {slug}-v{n}/manifest.json)."
              : "The zip holds more than one lesson bundle: " + String.join(", ", roots) + ".");
    }
    return roots.get(0);
  }

  private static JsonNode readJson(BundleArchive zip, String path, String name, String reason)
      throws IOException {
    if (zip.size(path) > MAX_JSON_BYTES) {
      throw tooLarge(name, reason);
    }
    byte[] bytes;
    try (InputStream in = zip.open(path)) {
      bytes = in.readNBytes(MAX_JSON_BYTES + 1);
    }
    if (bytes.length > MAX_JSON_BYTES) {
      throw tooLarge(name, reason);
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw DomainException.invalid(reason, name + " is empty.");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw DomainException.invalid(
          reason, name + " is not valid JSON: " + e.getOriginalMessage() + ".");
    }
  }

  private static DomainException tooLarge(String name, String reason) {
    return DomainException.invalid(
        reason, name + " is larger than the " + MAX_JSON_BYTES + " bytes it may have.");
  }

  private static Iterable<JsonNode> array(JsonNode parent, String field) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalidManifest("\"files." + field + "\" must be an array");
    }
    return node;
  }

  /** A {@code ./relative} path of the manifest, without the {@code ./}; no escapes. */
  private static String local(JsonNode value, String where) {
    if (value == null || !value.isTextual() || !value.asText().startsWith("./")) {
      throw invalidManifest(where + " must be a path starting with ./");
    }
    String path = value.asText().substring(2);
    if (path.isEmpty()
        || path.contains("\\")
        || path.startsWith("/")
        || List.of(path.split("/", -1)).stream()
            .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
      throw invalidManifest(where + " is not a safe relative path: " + value.asText());
    }
    return path;
  }

  private static void requireFile(Set<String> paths, String path, String where) {
    if (!paths.contains(path)) {
      throw DomainException.invalid(
          FILE_MISSING,
          "manifest.json lists " + path + " (" + where + ") but the zip has no such file.");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static DomainException invalidManifest(String problem) {
    return DomainException.invalid(MANIFEST_INVALID, "Invalid manifest.json: " + problem + ".");
  }
}

package org.courseport.server.domain.lessonexport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.Sha256;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.lessonexport.ExportCache.CachedEntry;
import org.courseport.server.domain.lessonexport.ExportCache.CachedExport;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.domain.lessonexport.ExportSources.SourceMedia;
import org.courseport.server.domain.lessonexport.ExportSources.SourceWidget;
import org.courseport.server.domain.lessonexport.LessonManifest.Attribution;
import org.courseport.server.domain.lessonexport.LessonManifest.FailedMedia;
import org.courseport.server.domain.lessonexport.LessonManifest.FailedWidget;
import org.courseport.server.domain.lessonexport.LessonManifest.MediaFile;
import org.courseport.server.domain.lessonexport.LessonManifest.WidgetFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lesson export of seed 001. The zip is {@code {slug}-v{n}/} with lesson.json, media/, widgets/
 * and, last, manifest.json. Everything before manifest.json (the "body") is written once into the
 * blob store and cached under a hash of the version and of the media and widget content it
 * includes; an export then streams the cached body followed by a small tail made per export
 * (manifest.json with its {@code exportedAt}, the central directory, its end record). So the zip's
 * length and hash are known before the first byte is sent, two exports differ only in
 * manifest.json, and a warm export reads and copies nothing but its lookups.
 */
public final class LessonExporter {

  /** The export format version written into manifest.json. */
  public static final String FORMAT_VERSION = "1.0.0";

  /** Reason of ids that are not UUIDs (seed: 400 BAD_REQUEST). */
  public static final String BAD_REQUEST = "BAD_REQUEST";

  /** Reason of a missing version (seed: 404 NOT_FOUND). */
  public static final String NOT_FOUND = "NOT_FOUND";

  /** Reason of empty or schema-failing content (seed: 422 INVALID_CONTENT). */
  public static final String INVALID_CONTENT = "INVALID_CONTENT";

  /** Reason of an unexpected failure (seed: 500 INTERNAL_ERROR). */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private static final Logger log = LoggerFactory.getLogger(LessonExporter.class);
  private static final int DIGEST_CACHE = 256;
  private static final String CACHE_FORMAT = "lesson-export-body/1";

  private final ExportSources sources;
  private final MediaDownloader downloader;
  private final BlobStore blobs;
  private final ExportCache cache;
  private final Clock clock;
  private final AtomicLong builds = new AtomicLong();
  private final Map<String, MessageDigest> bodyDigests =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MessageDigest> eldest) {
          return size() > DIGEST_CACHE;
        }
      };

  /**
   * @param sources the lessons, media and widgets (adapters over the lesson catalog and the media
   *     library, wired at the composition root)
   * @param downloader external media through the SSRF guard, e.g. {@code url ->
   *     fetcher.fetchToStore(url, blobs).blobId()} with a {@code GuardedHttpFetcher} whose {@code
   *     FetchOptions} cap the size and time
   * @param blobs where bodies are cached (and downloaded media lands)
   * @param cache the index of cached bodies
   */
  public LessonExporter(
      ExportSources sources,
      MediaDownloader downloader,
      BlobStore blobs,
      ExportCache cache,
      Clock clock) {
    this.sources = sources;
    this.downloader = downloader;
    this.blobs = blobs;
    this.cache = cache;
    this.clock = clock;
  }

  /** How many bodies this exporter has built (not served from the cache). */
  public long builds() {
    return builds.get();
  }

  /**
   * Prepares the export of a published version: from the cache when an identical body is stored
   * (unless it lacks media or widgets that could not be fetched last time: those are retried), else
   * built now.
   */
  public PreparedExport export(String tenantId, String lessonId, String versionId) {
    CachedExport body = resolve(tenantId, lessonId, versionId, true);
    try {
      return finish(body);
    } catch (IOException e) {
      throw internal(e);
    }
  }

  /** The zip's bytes: the cached body, then the export's tail. */
  public InputStream open(PreparedExport export) throws IOException {
    return new SequenceInputStream(
        blobs.open(export.bodyBlobId()), new ByteArrayInputStream(export.tail()));
  }

  /**
   * One file of the export (for the signed per-file URLs), read out of the cached body.
   *
   * @param exportKey the cache key the URL was signed for: its body is read without looking the
   *     lesson up again; when it is gone, the export is resolved (and rebuilt if need be)
   * @param path relative to the top folder, e.g. {@code media/{uuid}.jpg} or {@code lesson.json}
   */
  public ExportFile openFile(
      String tenantId, String lessonId, String versionId, String exportKey, String path) {
    CachedExport body =
        (exportKey != null && exportKey.matches("[0-9a-f]{64}")
                ? cache.find(exportKey).filter(c -> blobs.exists(c.bodyBlobId()))
                : Optional.<CachedExport>empty())
            .orElseGet(() -> resolve(tenantId, lessonId, versionId, false));
    CachedEntry entry =
        body.entry(path)
            .orElseThrow(
                () ->
                    DomainException.notFound(
                        "EXPORT_FILE_NOT_FOUND",
                        "The lesson export has no file '" + shorten(path) + "'."));
    try {
      SeekableByteChannel channel = blobs.openChannel(body.bodyBlobId());
      channel.position(entry.offset() + ZipRecords.localHeaderLength(body.root() + entry.path()));
      InputStream raw = new Slice(Channels.newInputStream(channel), entry.compressedSize());
      InputStream content =
          entry.method() == ZipRecords.DEFLATED
              ? new InflaterInputStream(
                  // nowrap inflation may need one byte past the data.
                  new SequenceInputStream(raw, new ByteArrayInputStream(new byte[1])),
                  new Inflater(true))
              : raw;
      String name = entry.path().substring(entry.path().lastIndexOf('/') + 1);
      return new ExportFile(name, entry.mimeType(), entry.size(), entry.sha256(), content);
    } catch (IOException e) {
      throw internal(e);
    }
  }

  private CachedExport resolve(
      String tenantId, String lessonIdText, String versionIdText, boolean retryFailures) {
    UUID lessonId = uuid(lessonIdText, "Invalid lesson ID");
    UUID versionId = uuid(versionIdText, "Invalid version ID");
    PublishedLesson lesson =
        sources
            .findPublished(tenantId, lessonId, versionId)
            .orElseThrow(() -> DomainException.notFound(NOT_FOUND, "Published version not found"));
    String content = lesson.content();
    if (content == null || content.isBlank()) {
      throw invalidContent("empty");
    }
    Optional<String> problem = sources.contentProblem(content);
    if (problem.isPresent()) {
      throw invalidContent(problem.get());
    }
    LessonContent doc = LessonContent.parse(content);
    if (doc == null) {
      throw invalidContent("not a JSON object with a blocks array");
    }
    List<MediaRef> media = new ArrayList<>();
    for (UUID id : doc.media()) {
      media.add(new MediaRef(id, sources.findMedia(tenantId, id).orElse(null)));
    }
    List<WidgetRef> widgets = new ArrayList<>();
    for (String id : doc.widgets()) {
      UUID uuid = parseUuid(id);
      widgets.add(
          new WidgetRef(id, uuid == null ? null : sources.findWidget(tenantId, uuid).orElse(null)));
    }
    String key = cacheKey(lesson, media, widgets);
    Optional<CachedExport> hit =
        cache
            .find(key)
            .filter(c -> !(retryFailures && c.hasFailures()))
            .filter(c -> blobs.exists(c.bodyBlobId()));
    if (hit.isPresent()) {
      return hit.get();
    }
    try {
      return build(key, lesson, doc, media, widgets);
    } catch (IOException e) {
      throw internal(e);
    }
  }

  private CachedExport build(
      String key,
      PublishedLesson lesson,
      LessonContent doc,
      List<MediaRef> media,
      List<WidgetRef> widgets)
      throws IOException {
    builds.incrementAndGet();
    String root = safeSlug(lesson.slug()) + "-v" + lesson.versionNumber() + "/";
    List<MediaFile> mediaFiles = new ArrayList<>();
    List<WidgetFile> widgetFiles = new ArrayList<>();
    List<FailedMedia> failedMedia = new ArrayList<>();
    List<FailedWidget> failedWidgets = new ArrayList<>();
    List<Attribution> attributions = new ArrayList<>();
    Map<UUID, String> localPaths = new LinkedHashMap<>();
    for (MediaRef ref : media) {
      localPaths.put(
          ref.id(),
          "./media/" + ref.id() + (ref.media() == null ? "" : "." + safeExt(ref.media().ext())));
    }
    byte[] lessonJson = doc.rewrite(localPaths::get);
    String bodyId;
    ExportBody body;
    try (ExportBody writer = new ExportBody(blobs.newWriter(), root)) {
      body = writer;
      writer.directory("");
      writer.add(
          writer.prepare(
              "lesson.json",
              () -> new ByteArrayInputStream(lessonJson),
              true,
              ExportBody.sha256(lessonJson)),
          "application/json");
      writer.directory("media/");
      for (MediaRef ref : media) {
        addMedia(writer, ref, localPaths.get(ref.id()), mediaFiles, failedMedia, attributions);
      }
      writer.directory("widgets/");
      for (WidgetRef ref : widgets) {
        addWidget(writer, ref, widgetFiles, failedWidgets);
      }
      bodyId = writer.commit();
    }
    LessonManifest manifest =
        new LessonManifest(
            lesson.lessonId().toString(),
            lesson.title(),
            lesson.versionNumber(),
            lesson.versionId().toString(),
            instant(lesson.publishedAt()),
            "",
            FORMAT_VERSION,
            "./lesson.json",
            mediaFiles,
            widgetFiles,
            failedMedia,
            failedWidgets,
            attributions);
    CachedExport cached =
        new CachedExport(
            key,
            root,
            bodyId,
            body.length(),
            body.centralDirectory(),
            body.count(),
            new String(ManifestJson.write(manifest), StandardCharsets.UTF_8),
            !failedMedia.isEmpty() || !failedWidgets.isEmpty(),
            body.entries());
    synchronized (bodyDigests) {
      bodyDigests.put(bodyId, body.digest());
    }
    cache.save(cached);
    return cached;
  }

  private void addMedia(
      ExportBody writer,
      MediaRef ref,
      String localPath,
      List<MediaFile> files,
      List<FailedMedia> failed,
      List<Attribution> attributions)
      throws IOException {
    String id = ref.id().toString();
    SourceMedia m = ref.media();
    if (m == null) {
      failed.add(new FailedMedia(id, null, "Media not found"));
      return;
    }
    ExportBody.Prepared prepared;
    try {
      ExportBody.Source source;
      String sha;
      if (m.external()) {
        String blobId = downloader.download(m.externalUrl());
        source = () -> blobs.open(blobId);
        sha = blobId;
      } else {
        source = () -> sources.openMedia(m);
        sha = m.sha256();
      }
      prepared = writer.prepare(localPath.substring(2), source, compressible(m.mimeType()), sha);
    } catch (DomainException e) {
      failed.add(new FailedMedia(id, m.externalUrl(), e.getMessage()));
      return;
    } catch (IOException e) {
      log.warn("Media {} could not be read for a lesson export", id, e);
      failed.add(
          new FailedMedia(
              id,
              m.externalUrl(),
              m.external() ? "The download failed" : "The stored media could not be read"));
      return;
    }
    writer.add(prepared, m.mimeType());
    files.add(new MediaFile(id, localPath, m.mimeType()));
    if (m.attribution() != null) {
      attributions.add(
          new Attribution(
              id, m.attribution().text(), m.attribution().url(), m.attribution().portfolioUrl()));
    }
  }

  private void addWidget(
      ExportBody writer, WidgetRef ref, List<WidgetFile> files, List<FailedWidget> failed)
      throws IOException {
    SourceWidget w = ref.widget();
    if (w == null) {
      failed.add(new FailedWidget(ref.id(), null, "Widget not found"));
      return;
    }
    String base = "widgets/" + w.id();
    ExportBody.Prepared script;
    ExportBody.Prepared style = null;
    try {
      script = writer.prepare(base + ".js", () -> sources.openScript(w), true, w.scriptSha256());
      if (w.styleSha256() != null) {
        style =
            writer.prepare(
                base + ".css",
                () ->
                    sources
                        .openStyle(w)
                        .orElseThrow(() -> new IOException("the widget's CSS is missing")),
                true,
                w.styleSha256());
      }
    } catch (DomainException | IOException e) {
      log.warn("Widget {} could not be read for a lesson export", w.id(), e);
      failed.add(
          new FailedWidget(
              w.id().toString(), w.widgetType(), "The widget bundle could not be read"));
      return;
    }
    writer.add(script, "text/javascript");
    if (style != null) {
      writer.add(style, "text/css");
    }
    files.add(
        new WidgetFile(
            w.id().toString(),
            w.widgetType(),
            "./" + base + ".js",
            style == null ? null : "./" + base + ".css"));
  }

  /** manifest.json with a fresh exportedAt, then the central directory and its end record. */
  private PreparedExport finish(CachedExport body) throws IOException {
    LessonManifest manifest =
        ManifestJson.read(body.manifestJson()).withExportedAt(instant(clock.instant()));
    byte[] json = ManifestJson.write(manifest);
    CRC32 crc = new CRC32();
    crc.update(json);
    byte[] compressed = deflate(json);
    String name = body.root() + "manifest.json";
    byte[] local =
        ZipRecords.localHeader(
            name, ZipRecords.DEFLATED, crc.getValue(), compressed.length, json.length);
    byte[] central =
        ZipRecords.centralHeader(
            name,
            ZipRecords.DEFLATED,
            crc.getValue(),
            compressed.length,
            json.length,
            body.bodyLength());
    byte[] directory = body.centralDirectory();
    long cdOffset = body.bodyLength() + local.length + compressed.length;
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    tail.writeBytes(local);
    tail.writeBytes(compressed);
    tail.writeBytes(directory);
    tail.writeBytes(central);
    tail.writeBytes(
        ZipRecords.endOfCentralDirectory(
            body.entryCount() + 1, directory.length + central.length, cdOffset));
    byte[] tailBytes = tail.toByteArray();
    MessageDigest digest = bodyDigest(body);
    digest.update(tailBytes);
    String fileName = body.root().substring(0, body.root().length() - 1) + ".zip";
    return new PreparedExport(
        fileName,
        body.bodyLength() + tailBytes.length,
        HexFormat.of().formatHex(digest.digest()),
        manifest,
        body.key(),
        body.bodyBlobId(),
        tailBytes);
  }

  /**
   * The SHA-256 state after the body: remembered from the build, else hashed once from the blob.
   */
  private MessageDigest bodyDigest(CachedExport body) throws IOException {
    synchronized (bodyDigests) {
      MessageDigest known = bodyDigests.get(body.bodyBlobId());
      if (known != null) {
        return Sha256.copy(known);
      }
    }
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = blobs.open(body.bodyBlobId())) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    synchronized (bodyDigests) {
      bodyDigests.put(body.bodyBlobId(), Sha256.copy(digest));
    }
    return digest;
  }

  private static String cacheKey(
      PublishedLesson lesson, List<MediaRef> media, List<WidgetRef> widgets) {
    MessageDigest d = Sha256.newDigest();
    field(d, CACHE_FORMAT);
    field(d, lesson.lessonId().toString());
    field(d, lesson.versionId().toString());
    field(d, lesson.title());
    field(d, lesson.slug());
    field(d, Integer.toString(lesson.versionNumber()));
    field(d, instant(lesson.publishedAt()));
    field(d, lesson.content());
    for (MediaRef ref : media) {
      field(d, "media");
      field(d, ref.id().toString());
      SourceMedia m = ref.media();
      if (m != null) {
        field(d, m.mimeType());
        field(d, m.ext());
        field(d, m.sha256());
        field(d, m.externalUrl());
        if (m.attribution() != null) {
          field(d, m.attribution().text());
          field(d, m.attribution().url());
          field(d, m.attribution().portfolioUrl());
        }
      }
    }
    for (WidgetRef ref : widgets) {
      field(d, "widget");
      field(d, ref.id());
      SourceWidget w = ref.widget();
      if (w != null) {
        field(d, w.widgetType());
        field(d, w.scriptSha256());
        field(d, w.styleSha256());
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** Length-prefixed, so that no two different field lists hash the same input. */
  private static void field(MessageDigest d, String value) {
    byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    d.update(
        (value == null ? "-1" : Integer.toString(bytes.length)).getBytes(StandardCharsets.UTF_8));
    d.update((byte) ':');
    d.update(bytes);
  }

  private static byte[] deflate(byte[] bytes) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** Text compresses; images, audio, video and PDFs are stored as they are. */
  private static boolean compressible(String mimeType) {
    String t = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
    return t.startsWith("text/")
        || t.contains("json")
        || t.contains("xml")
        || t.contains("javascript");
  }

  private static String instant(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String safeSlug(String slug) {
    String s = slug == null ? "" : slug.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    s = s.replaceAll("^[.-]+", "");
    return s.isEmpty() ? "lesson" : s;
  }

  private static String safeExt(String ext) {
    String e = ext == null ? "" : ext.toLowerCase(Locale.ROOT).replaceAll("^\\.", "");
    return e.matches("[a-z0-9]{1,10}") ? e : "bin";
  }

  private static UUID uuid(String text, String message) {
    UUID id = parseUuid(text);
    if (id == null) {
      throw DomainException.invalid(BAD_REQUEST, message);
    }
    return id;
  }

  private static UUID parseUuid(String text) {
    if (text == null
        || !text.matches(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      return null;
    }
    return UUID.fromString(text);
  }

  private static DomainException invalidContent(String problem) {
    log.info("A published lesson version cannot be exported: its content is {}", problem);
    return new DomainException(
        DomainException.Kind.FAILED_PRECONDITION,
        INVALID_CONTENT,
        "Published version content is invalid or empty",
        Map.of("http_status", "422"));
  }

  private static DomainException internal(IOException e) {
    log.error("A lesson export failed", e);
    return new DomainException(
        DomainException.Kind.INTERNAL,
        INTERNAL_ERROR,
        "An unexpected error occurred while generating export ZIP");
  }

  private static String shorten(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private record MediaRef(UUID id, SourceMedia media) {}

  private record WidgetRef(String id, SourceWidget widget) {}

  /** At most {@code remaining} bytes of a stream (closing closes the stream). */
  private static final class Slice extends InputStream {
    private final InputStream in;
    private long remaining;

    Slice(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}

package org.courseport.server.domain.contentexport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.Sha256;
import org.courseport.server.domain.blob.BlobStore;

/**
 * Canvas content exports: checks and stores a job (the worker runs it), answers jobs, Progress
 * objects, groups and users, and opens a finished package by its download capability.
 *
 * <p>The capability token of an export is {@code base64url(HMAC-SHA256(key, tenant|id|salt))} (256
 * bits): the store keeps only the salt and the token's SHA-256 (to find the export by it), and the
 * key lives apart from the exports; so the URL can be shown again on every read while the exports'
 * documents alone do not reveal it.
 */
public final class ContentExports {
  public static final int MAX_GROUP_NAME = 200;
  public static final int MAX_GROUP_COURSES = 500;
  public static final int DEFAULT_PER_PAGE = 10;
  public static final int MAX_PER_PAGE = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ContentExportRepository exports;
  private final GroupRepository groups;
  private final UserRepository users;
  private final CourseDirectory courses;
  private final BlobStore blobs;
  private final Supplier<byte[]> tokenKey;
  private final Supplier<String> publicBase;
  private final Clock clock;
  private volatile Runnable started = () -> {};

  /**
   * @param tokenKey the secret key of download tokens (at least 32 bytes), stored apart from the
   *     exports
   * @param publicBase the server's public base URL, without a trailing slash
   */
  public ContentExports(
      ContentExportRepository exports,
      GroupRepository groups,
      UserRepository users,
      CourseDirectory courses,
      BlobStore blobs,
      Supplier<byte[]> tokenKey,
      Supplier<String> publicBase,
      Clock clock) {
    this.exports = exports;
    this.groups = groups;
    this.users = users;
    this.courses = courses;
    this.blobs = blobs;
    this.tokenKey = tokenKey;
    this.publicBase = publicBase;
    this.clock = clock;
  }

  /** Called after each new job is stored (the worker's wake-up). */
  public void onStarted(Runnable wakeUp) {
    this.started = wakeUp;
  }

  /**
   * Checks and stores a new job in state {@code created}; the worker picks it up.
   *
   * @param contextType {@code courses}, {@code groups} or {@code users}
   * @param ccVersion for common_cartridge: "1.3" (default when blank) or "1.1"
   */
  public ContentExport create(
      String tenantId, String contextType, String contextId, String exportType, String ccVersion) {
    ContextType type = contextType(contextType);
    String context = resolveContext(tenantId, type, contextId);
    String typeName = exportType == null ? "" : exportType.trim();
    ExportType export =
        ExportType.byApiName(typeName)
            .orElseThrow(
                () ->
                    DomainException.invalid(
                        "EXPORT_TYPE_INVALID",
                        typeName.isEmpty()
                            ? "export_type is required: common_cartridge, qti or zip"
                            : "export_type must be common_cartridge, qti or zip, not '"
                                + typeName
                                + "'"));
    String version = null;
    String cc = ccVersion == null ? "" : ccVersion.trim();
    if (export == ExportType.COMMON_CARTRIDGE) {
      version = cc.isEmpty() ? "1.3" : cc;
      if (!version.equals("1.3") && !version.equals("1.1")) {
        throw DomainException.invalid(
            "CC_VERSION_INVALID", "cc_version must be 1.3 or 1.1, not '" + cc + "'");
      }
    } else if (!cc.isEmpty()) {
      throw DomainException.invalid(
          "CC_VERSION_INVALID", "cc_version applies only to export_type common_cartridge");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    int userId = users.ownerOf(tenantId, now).id();
    ContentExport job =
        new ContentExport(
            tenantId,
            exports.nextId(tenantId),
            type,
            context,
            export,
            version,
            userId,
            ContentExport.State.CREATED,
            0,
            null,
            null,
            null,
            null,
            0,
            null,
            now,
            now);
    ContentExport stored = insert(job);
    started.run();
    return stored;
  }

  private ContentExport insert(ContentExport job) {
    exports.insert(job);
    return exports
        .find(job.tenantId(), job.id())
        .orElseThrow(() -> new IllegalStateException("a stored export is gone"));
  }

  /** A page of one context's jobs, newest first. */
  public Page list(String tenantId, String contextType, String contextId, int page, int perPage) {
    ContextType type = contextType(contextType);
    String context = resolveContext(tenantId, type, contextId);
    if (page < 0) {
      throw DomainException.invalid("PAGE_INVALID", "page must be a positive number");
    }
    if (perPage < 0) {
      throw DomainException.invalid("PER_PAGE_INVALID", "per_page must be a positive number");
    }
    int size = perPage == 0 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE);
    int number = page == 0 ? 1 : page;
    long total = exports.count(tenantId, type, context);
    int lastPage = (int) Math.max(1, (total + size - 1) / size);
    long offset = (long) (number - 1) * size;
    List<ContentExport> items =
        offset >= total ? List.of() : exports.list(tenantId, type, context, (int) offset, size);
    return new Page(items, number, size, lastPage, number < lastPage);
  }

  /** A page of jobs. */
  public record Page(
      List<ContentExport> items, int page, int perPage, int lastPage, boolean hasNext) {}

  /** One job of a context; NOT_FOUND for an unknown one, another context's or tenant's. */
  public ContentExport get(String tenantId, String contextType, String contextId, int id) {
    ContextType type = contextType(contextType);
    String context = resolveContext(tenantId, type, contextId);
    return exports
        .find(tenantId, id)
        .filter(e -> e.contextType() == type && e.contextId().equals(context))
        .orElseThrow(
            () ->
                DomainException.notFound(
                    "CONTENT_EXPORT_NOT_FOUND", "No content export " + id + " here."));
  }

  /** The job of a Progress id (the job's own id); NOT_FOUND for another tenant's. */
  public ContentExport progress(String tenantId, int progressId) {
    return exports
        .find(tenantId, progressId)
        .orElseThrow(
            () -> DomainException.notFound("PROGRESS_NOT_FOUND", "No progress " + progressId));
  }

  /** {@code {public base}/api/v1/progress/{id}}. */
  public String progressUrl(ContentExport export) {
    return publicBase.get() + "/api/v1/progress/" + export.id();
  }

  /** The download URL of an exported job, empty for the others. */
  public Optional<String> downloadUrl(ContentExport export) {
    if (export.state() != ContentExport.State.EXPORTED || export.tokenSalt() == null) {
      return Optional.empty();
    }
    return Optional.of(
        publicBase.get()
            + "/files/"
            + token(export.tenantId(), export.id(), export.tokenSalt())
            + "/download");
  }

  /** A new random salt of a download token. */
  public static String newSalt() {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return HexFormat.of().formatHex(salt);
  }

  /** The download token of an export. */
  public String token(String tenantId, int id, String salt) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(tokenKey.get(), "HmacSHA256"));
      byte[] tag = mac.doFinal((tenantId + "|" + id + "|" + salt).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** Lower-case hex SHA-256 of a token, as stored. */
  public static String hash(String token) {
    return Sha256.hex(token.getBytes(StandardCharsets.UTF_8));
  }

  /** An opened package. */
  public record Download(
      String fileName, String contentType, long size, String sha256, InputStream content) {}

  /** Opens the package named by a download token; NOT_FOUND for an unknown token. */
  public Download download(String token) {
    String value = token == null ? "" : token.trim();
    ContentExport export =
        (value.length() < 22
                ? Optional.<ContentExport>empty()
                : exports.findByTokenHash(hash(value)))
            .filter(e -> e.state() == ContentExport.State.EXPORTED)
            .orElseThrow(() -> DomainException.notFound("DOWNLOAD_NOT_FOUND", "No such download."));
    try {
      return new Download(
          export.fileName(),
          "application/zip", // a cartridge (.imscc) is a zip too
          export.size(),
          export.sha256(),
          blobs.open(export.blobId()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a group of the tenant's courses. */
  public Group createGroup(String tenantId, String name, List<String> courseIds) {
    String trimmed = name == null ? "" : name.trim();
    if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_GROUP_NAME) {
      throw DomainException.invalid(
          "GROUP_NAME_INVALID", "name is required (1-" + MAX_GROUP_NAME + " characters)");
    }
    List<String> ids = checkedCourses(tenantId, courseIds);
    if (ids.isEmpty()) {
      throw DomainException.invalid(
          "COURSE_IDS_REQUIRED", "course_ids must name at least one course");
    }
    return groups.create(tenantId, trimmed, ids, clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  /** The tenant's group; NOT_FOUND otherwise. */
  public Group group(String tenantId, int id) {
    return groups.find(tenantId, id).orElseThrow(() -> groupNotFound(id));
  }

  /** Adds courses to a group. */
  public Group addGroupCourses(String tenantId, int id, List<String> courseIds) {
    group(tenantId, id);
    List<String> ids = checkedCourses(tenantId, courseIds);
    if (ids.isEmpty()) {
      throw DomainException.invalid(
          "COURSE_IDS_REQUIRED", "course_ids must name at least one course");
    }
    return groups.addCourses(tenantId, id, ids).orElseThrow(() -> groupNotFound(id));
  }

  /** The caller's user: {@code self} or its own integer id; NOT_FOUND for any other id. */
  public User user(String tenantId, String userId) {
    User owner = users.ownerOf(tenantId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    String id = userId == null ? "" : userId.trim();
    if (id.equals("self") || id.equals(Integer.toString(owner.id()))) {
      return owner;
    }
    throw DomainException.notFound("USER_NOT_FOUND", "No user '" + id + "'.");
  }

  /** The course ids a job exports, in order. */
  List<String> coursesOf(ContentExport job) {
    return switch (job.contextType()) {
      case COURSE -> List.of(job.contextId());
      case GROUP ->
          groups
              .find(job.tenantId(), Integer.parseInt(job.contextId()))
              .map(Group::courseIds)
              .orElse(List.of());
      case USER -> courses.courseIds(job.tenantId());
    };
  }

  /** An instant as Canvas writes it: ISO 8601 UTC in seconds, {@code 2014-01-01T00:00:00Z}. */
  public static String timestamp(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
  }

  private List<String> checkedCourses(String tenantId, List<String> courseIds) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (String raw : courseIds) {
      String id = raw == null ? "" : raw.trim();
      if (id.isEmpty()) {
        throw DomainException.invalid("COURSE_ID_INVALID", "course_ids must not hold empty ids");
      }
      if (!courses.exists(tenantId, id)) {
        throw DomainException.notFound("COURSE_NOT_FOUND", "No course '" + id + "'.");
      }
      ids.add(id);
    }
    if (ids.size() > MAX_GROUP_COURSES) {
      throw DomainException.invalid(
          "TOO_MANY_COURSES", "a group holds at most " + MAX_GROUP_COURSES + " courses");
    }
    return new ArrayList<>(ids);
  }

  private static DomainException groupNotFound(int id) {
    return DomainException.notFound("GROUP_NOT_FOUND", "No group " + id + ".");
  }

  private static ContextType contextType(String name) {
    return ContextType.byPathName(name == null ? "" : name)
        .orElseThrow(
            () ->
                DomainException.notFound(
                    "CONTEXT_NOT_FOUND", "The specified resource does not exist."));
  }

  /** The stored context id of a path's context id; NOT_FOUND for an unknown context. */
  private String resolveContext(String tenantId, ContextType type, String contextId) {
    String id = contextId == null ? "" : contextId.trim();
    switch (type) {
      case COURSE -> {
        if (id.isEmpty() || !courses.exists(tenantId, id)) {
          throw DomainException.notFound("COURSE_NOT_FOUND", "No course '" + id + "'.");
        }
        return id;
      }
      case GROUP -> {
        int group =
            parseId(id)
                .orElseThrow(
                    () -> DomainException.notFound("GROUP_NOT_FOUND", "No group '" + id + "'."));
        return Integer.toString(group(tenantId, group).id());
      }
      case USER -> {
        return Integer.toString(user(tenantId, id).id());
      }
      default -> throw new IllegalStateException(type.name());
    }
  }

  private static Optional<Integer> parseId(String id) {
    if (!id.matches("[0-9]{1,9}")) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(id));
  }
}

package org.courseport.server.domain.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseDeletionListener;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseVersionRepository;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.course.FreeText;
import org.courseport.server.domain.job.ImportJobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and changes a tenant's courses and versions; deletes cascade to everything attached. */
public final class CourseCatalog {
  private static final Logger log = LoggerFactory.getLogger(CourseCatalog.class);

  private final CourseRepository courses;
  private final CourseVersionRepository versions;
  private final ImportJobRepository jobs;
  private final BlobStore blobs;
  private final List<CourseDeletionListener> deletionListeners;
  private final Clock clock;
  private final LatestViewCache latestViews;

  public CourseCatalog(
      CourseRepository courses,
      CourseVersionRepository versions,
      ImportJobRepository jobs,
      BlobStore blobs,
      List<CourseDeletionListener> deletionListeners,
      Clock clock) {
    this(courses, versions, jobs, blobs, deletionListeners, clock, LatestViewCache.off());
  }

  /**
   * @param latestViews the replica's cache of latest views for {@link #viewWithoutReport(String,
   *     String, OptionalInt, LatestViewCache.Stamp)}; the repositories must tell the course epochs
   *     of every write ({@link org.courseport.server.domain.course.CourseChanges}) for it to be
   *     used
   */
  public CourseCatalog(
      CourseRepository courses,
      CourseVersionRepository versions,
      ImportJobRepository jobs,
      BlobStore blobs,
      List<CourseDeletionListener> deletionListeners,
      Clock clock,
      LatestViewCache latestViews) {
    this.latestViews = latestViews;
    this.courses = courses;
    this.versions = versions;
    this.jobs = jobs;
    this.blobs = blobs;
    this.deletionListeners = List.copyOf(deletionListeners);
    this.clock = clock;
  }

  /** The course record; NOT_FOUND when absent (or another tenant's). */
  public Course course(String tenantId, String courseId) {
    return courses
        .find(tenantId, courseId)
        .filter(c -> c.latestVersion() >= 0)
        .orElseThrow(() -> notFound(courseId));
  }

  /** The course in its latest version, or in the given one. */
  public CourseView view(String tenantId, String courseId, OptionalInt version) {
    return view(tenantId, courseId, version, courses::findWithLatest);
  }

  /**
   * As {@link #view}, for answers that do not show the validation report (GetCourse's course
   * schema): the latest version may come without its report ({@link CourseVersion#report()} null),
   * which the store then neither sends nor decodes. A pinned version is read whole.
   */
  public CourseView viewWithoutReport(String tenantId, String courseId, OptionalInt version) {
    return view(tenantId, courseId, version, courses::findWithLatestWithoutReport);
  }

  /**
   * As {@link #viewWithoutReport(String, String, OptionalInt)}, for a request whose authentication
   * returned {@code stamp}: the latest version comes from the replica's {@link LatestViewCache}
   * when it holds a view read at the same key epoch, and is kept there otherwise. A pinned version,
   * or a null stamp, reads the store as before.
   */
  public CourseView viewWithoutReport(
      String tenantId, String courseId, OptionalInt version, LatestViewCache.Stamp stamp) {
    if (version.isPresent() || stamp == null || !latestViews.enabled()) {
      return viewWithoutReport(tenantId, courseId, version);
    }
    CourseView cached = latestViews.find(stamp, tenantId, courseId);
    if (cached != null) {
      return cached;
    }
    CourseView read = viewWithoutReport(tenantId, courseId, version);
    latestViews.put(stamp, tenantId, courseId, read);
    return read;
  }

  /** Finds a course with the copy of its latest version that its record holds. */
  @FunctionalInterface
  private interface LatestLookup {
    Optional<CourseRepository.WithLatest> find(String tenantId, String courseId);
  }

  /**
   * The view of {@link #view} and {@link #viewWithoutReport}: the latest version through {@code
   * latest} (one read when the course record holds a matching copy of it), else read whole.
   */
  private CourseView view(
      String tenantId, String courseId, OptionalInt version, LatestLookup latest) {
    Course course;
    if (version.isEmpty()) {
      CourseRepository.WithLatest found =
          latest
              .find(tenantId, courseId)
              .filter(f -> f.course().latestVersion() >= 0)
              .orElseThrow(() -> notFound(courseId));
      if (found.latest() != null) {
        return new CourseView(found.course(), found.latest());
      }
      course = found.course();
    } else {
      course = course(tenantId, courseId);
    }
    int wanted = version.orElse(course.latestVersion());
    CourseVersion v =
        versions
            .find(tenantId, courseId, wanted)
            .orElseThrow(() -> versionNotFound(courseId, wanted));
    return new CourseView(course, v);
  }

  /** Every version of a course whose update time lies in [since, until] (nulls: unbounded). */
  public List<CourseView> versions(String tenantId, String courseId, Instant since, Instant until) {
    Course course = course(tenantId, courseId);
    List<CourseView> out = new ArrayList<>();
    for (CourseVersion v : versions.list(tenantId, courseId)) {
      if ((since == null || !v.updated().isBefore(since))
          && (until == null || !v.updated().isAfter(until))) {
        out.add(new CourseView(course, v));
      }
    }
    return out;
  }

  /**
   * One page of courses in their latest versions, in the page's order: two reads of the store (the
   * page, then all its courses' latest versions at once) whatever the page size. A course whose
   * latest version vanished between the two reads (a concurrent delete) is left out.
   */
  public List<CourseView> list(String tenantId, CourseQuery query, int offset, int limit) {
    List<Course> page = courses.list(tenantId, query, offset, limit);
    Map<String, Integer> latest = new LinkedHashMap<>();
    for (Course c : page) {
      latest.put(c.courseId(), c.latestVersion());
    }
    Map<String, CourseVersion> found = versions.findEach(tenantId, latest);
    List<CourseView> out = new ArrayList<>(page.size());
    for (Course c : page) {
      CourseVersion v = found.get(c.courseId());
      if (v != null) {
        out.add(new CourseView(c, v));
      }
    }
    return out;
  }

  public long count(String tenantId, CourseQuery query) {
    return courses.count(tenantId, query);
  }

  /**
   * Deletes a course with its versions, finished jobs, settings, tags and unreferenced blobs. The
   * course record turns into a tombstone first, so that an import still running for it fails at its
   * commit instead of re-creating the course; that import cleans up after itself.
   */
  public void deleteCourse(String tenantId, String courseId) {
    course(tenantId, courseId);
    OptionalInt bound = courses.delete(tenantId, courseId, clock.instant());
    if (bound.isEmpty()) {
      throw notFound(courseId);
    }
    dropDeletedCourse(tenantId, courseId, bound.getAsInt());
  }

  private void dropDeletedCourse(String tenantId, String courseId, int belowVersion) {
    List<String> blobIds = versions.deleteAll(tenantId, courseId, belowVersion);
    jobs.deleteFinishedByCourse(tenantId, courseId);
    for (CourseDeletionListener l : deletionListeners) {
      l.courseDeleted(tenantId, courseId);
    }
    collect(blobIds);
    courses.purged(tenantId, courseId);
  }

  /** Deletes one version; deleting the last one deletes the course. */
  public void deleteVersion(String tenantId, String courseId, int version) {
    CourseView view = view(tenantId, courseId, OptionalInt.of(version));
    if (!versions.delete(tenantId, courseId, version)) {
      throw versionNotFound(courseId, version);
    }
    for (CourseDeletionListener l : deletionListeners) {
      l.versionDeleted(tenantId, courseId, version);
    }
    settleLatest(tenantId, courseId);
    collect(List.of(view.version().blobId()));
  }

  /**
   * Points latestVersion at the highest remaining version after a delete, by compare-and-set (an
   * import committing a higher version meanwhile wins), or deletes the course when no version
   * remains below it.
   */
  private void settleLatest(String tenantId, String courseId) {
    while (true) {
      Optional<Course> course =
          courses.find(tenantId, courseId).filter(c -> c.latestVersion() >= 0);
      if (course.isEmpty()) {
        return;
      }
      int latest = course.get().latestVersion();
      if (versions.find(tenantId, courseId, latest).isPresent()) {
        return;
      }
      Optional<CourseVersion> below =
          versions.list(tenantId, courseId).stream()
              .filter(v -> v.version() < latest)
              .max(Comparator.comparingInt(CourseVersion::version));
      Instant now = clock.instant();
      if (below.isEmpty()) {
        OptionalInt bound = courses.delete(tenantId, courseId, now);
        if (bound.isPresent()) {
          dropDeletedCourse(tenantId, courseId, bound.getAsInt());
        }
        return;
      }
      // Listings filter and sort on the course's title, which follows the latest version.
      CourseVersion next = below.get();
      if (courses.lowerLatestVersion(
          tenantId, courseId, latest, next.version(), next.title(), now)) {
        return;
      }
    }
  }

  public void setTitle(String tenantId, String courseId, String title) {
    if (title == null || title.isBlank()) {
      throw DomainException.invalid("TITLE_MISSING", "title is required");
    }
    title = FreeText.require("title", title, FreeText.MAX_TITLE_LENGTH, "TITLE_INVALID");
    course(tenantId, courseId);
    Instant now = clock.instant();
    versions.setTitle(tenantId, courseId, title, now);
    courses.setTitle(tenantId, courseId, title, now);
  }

  public List<String> tags(String tenantId, String courseId) {
    return course(tenantId, courseId).tags();
  }

  public void replaceTags(String tenantId, String courseId, List<String> tags) {
    course(tenantId, courseId);
    courses.replaceTags(tenantId, courseId, Tags.clean(tags), clock.instant());
  }

  public void removeTags(String tenantId, String courseId, Collection<String> tags) {
    course(tenantId, courseId);
    courses.removeTags(tenantId, courseId, Tags.clean(tags), clock.instant());
  }

  /** Adds tags to every course; NOT_FOUND, changing nothing, when any id is unknown. */
  public void addTagsToAll(String tenantId, List<String> courseIds, List<String> tags) {
    if (courseIds.isEmpty()) {
      throw DomainException.invalid("IDS_MISSING", "ids must name at least one course");
    }
    for (String id : courseIds) {
      course(tenantId, id);
    }
    List<String> clean = Tags.clean(tags);
    Instant now = clock.instant();
    for (String id : courseIds) {
      courses.addTags(tenantId, id, clean, now);
    }
  }

  /** Deletes blobs no version or unfinished job references (checked under the blob's guard). */
  private void collect(List<String> blobIds) {
    for (String blobId : blobIds) {
      if (blobId == null) {
        continue;
      }
      try {
        blobs.deleteUnlessReferenced(
            blobId, () -> versions.isBlobReferenced(blobId) || jobs.isBlobReferenced(blobId));
      } catch (IOException e) {
        log.warn("Could not delete blob {}", blobId, e);
        throw new UncheckedIOException(e);
      }
    }
  }

  static DomainException versionNotFound(String courseId, int version) {
    return DomainException.notFound(
        "VERSION_NOT_FOUND", "Version " + version + " of course '" + courseId + "' not found");
  }

  static DomainException notFound(String courseId) {
    return DomainException.notFound("COURSE_NOT_FOUND", "Course '" + courseId + "' not found");
  }
}

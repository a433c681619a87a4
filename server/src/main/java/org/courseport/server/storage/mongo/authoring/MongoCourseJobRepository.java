package org.courseport.server.storage.mongo.authoring;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.enumValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.longValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.name;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.authoring.CourseJob;
import org.courseport.server.domain.authoring.CourseJob.Status;
import org.courseport.server.domain.authoring.CourseJobRepository;
import org.courseport.server.domain.course.VersionReservation;

/** Course creation jobs in the {@code courseJobs} collection, keyed by job id. */
public final class MongoCourseJobRepository implements CourseJobRepository {
  public static final String COLLECTION = "courseJobs";
  private static final String STATUS = "status";
  private static final String PROGRESS = "progress";
  private static final String UPDATED = "updated";

  private final MongoCollection<Document> jobs;

  public MongoCourseJobRepository(MongoDatabase database) {
    this.jobs = database.getCollection(COLLECTION);
    jobs.createIndex(Indexes.ascending(STATUS, "created"));
  }

  @Override
  public void insert(CourseJob job) {
    jobs.insertOne(
        new Document("_id", job.jobId())
            .append("tenantId", job.tenantId())
            .append(STATUS, name(job.status()))
            .append(PROGRESS, job.progress())
            .append("name", job.name())
            .append("headline", job.headline())
            .append("format", job.format())
            .append("languageId", job.languageId())
            .append("callbackUrl", job.callbackUrl())
            .append("modules", AuthoringDocuments.modules(job.modules()))
            .append("courseId", job.courseId())
            .append("created", date(job.created()))
            .append(UPDATED, date(job.updated())));
  }

  @Override
  public Optional<CourseJob> find(String tenantId, String jobId) {
    return Optional.ofNullable(jobs.find(and(eq("_id", jobId), eq("tenantId", tenantId))).first())
        .map(MongoCourseJobRepository::fromDocument);
  }

  @Override
  public boolean claim(String jobId, Instant at) {
    return jobs.updateOne(
                and(eq("_id", jobId), eq(STATUS, name(Status.PENDING))),
                Updates.combine(
                    Updates.set(STATUS, name(Status.RUNNING)), Updates.set(UPDATED, date(at))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public void progress(String jobId, int progress, Instant at) {
    jobs.updateOne(
        and(eq("_id", jobId), eq(STATUS, name(Status.RUNNING))),
        Updates.combine(Updates.set(PROGRESS, progress), Updates.set(UPDATED, date(at))));
  }

  @Override
  public boolean complete(String jobId, Instant courseCreated, Instant at) {
    return jobs.updateOne(
                and(eq("_id", jobId), eq(STATUS, name(Status.RUNNING))),
                Updates.combine(
                    Updates.set(STATUS, name(Status.COMPLETED)),
                    Updates.set(PROGRESS, 100),
                    Updates.set("courseCreated", date(courseCreated)),
                    Updates.set(UPDATED, date(at))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public boolean fail(String jobId, String message, String code, Instant at) {
    return jobs.updateOne(
                and(eq("_id", jobId), in(STATUS, name(Status.PENDING), name(Status.RUNNING))),
                Updates.combine(
                    Updates.set(STATUS, name(Status.FAILED)),
                    Updates.set("errorMessage", message),
                    Updates.set("errorCode", code),
                    Updates.set(UPDATED, date(at))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public void reserved(String jobId, VersionReservation reservation) {
    jobs.updateOne(
        eq("_id", jobId),
        Updates.set(
            "reservation",
            new Document("version", reservation.version())
                .append("generation", reservation.generation())));
  }

  @Override
  public Optional<VersionReservation> reservation(String jobId) {
    Document d = jobs.find(eq("_id", jobId)).first();
    if (d == null || !(d.get("reservation") instanceof Document r)) {
      return Optional.empty();
    }
    return Optional.of(new VersionReservation(intValue(r, "version"), longValue(r, "generation")));
  }

  @Override
  public long requeueStale(Instant before) {
    return jobs.updateMany(
            and(eq(STATUS, name(Status.RUNNING)), lt(UPDATED, date(before))),
            Updates.set(STATUS, name(Status.PENDING)))
        .getModifiedCount();
  }

  @Override
  public List<CourseJob> pending(int limit) {
    List<CourseJob> out = new ArrayList<>();
    jobs.find(eq(STATUS, name(Status.PENDING)))
        .sort(Sorts.ascending("created", "_id"))
        .limit(limit)
        .forEach(d -> out.add(fromDocument(d)));
    return out;
  }

  private static CourseJob fromDocument(Document d) {
    return new CourseJob(
        d.getString("_id"),
        d.getString("tenantId"),
        enumValue(Status.class, d, STATUS),
        intValue(d, PROGRESS),
        d.getString("name"),
        d.getString("headline"),
        d.getString("format"),
        d.getString("languageId"),
        d.getString("callbackUrl"),
        AuthoringDocuments.modules(d, "modules"),
        d.getString("courseId"),
        instant(d, "created"),
        instant(d, UPDATED),
        d.get("courseCreated") == null ? null : instant(d, "courseCreated"),
        d.getString("errorMessage"),
        d.getString("errorCode"));
  }
}

package org.courseport.server.storage.mongo.job;

import static org.courseport.server.storage.mongo.job.ImportJobMapper.ATTEMPTS;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.BLOB_ID;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.CLAIMED_AT;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.CLAIMED_BY;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.COURSE_ID;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.CREATED;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.FINISHED;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.JOB_ID;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.MESSAGE;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.STATUS;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.TENANT_ID;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.UPDATED;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.VERSION;
import static org.courseport.server.storage.mongo.job.ImportJobMapper.WARNINGS;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobRepository;
import org.courseport.server.storage.mongo.support.DocumentValues;
import org.courseport.server.storage.mongo.support.DuplicateKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ImportJobRepository} on the {@code importJobs} collection. */
public final class MongoImportJobRepository implements ImportJobRepository {
  private static final Logger log = LoggerFactory.getLogger(MongoImportJobRepository.class);
  private static final String RUNNING = ImportJob.Status.RUNNING.name();

  private final MongoCollection<Document> jobs;

  public MongoImportJobRepository(MongoCollection<Document> jobs) {
    this.jobs = jobs;
  }

  public void createIndexes() {
    jobs.createIndex(
        Indexes.ascending(JOB_ID), new IndexOptions().unique(true).name("jobId_unique"));
    jobs.createIndex(Indexes.ascending(STATUS, CREATED), new IndexOptions().name("status_created"));
    jobs.createIndex(Indexes.ascending(BLOB_ID), new IndexOptions().name("blobId"));
  }

  @Override
  public void insert(ImportJob job) {
    DuplicateKeys.insert(
        () -> jobs.insertOne(ImportJobMapper.toDocument(job)),
        "JOB_EXISTS",
        "import job '" + job.jobId() + "' already exists");
  }

  @Override
  public Optional<ImportJob> find(String tenantId, String jobId) {
    Bson filter = Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(JOB_ID, jobId));
    return Optional.ofNullable(jobs.find(filter).first()).map(ImportJobMapper::fromDocument);
  }

  @Override
  public Optional<ImportJob> claimNext(String workerId, Instant now, Instant staleBefore) {
    Bson claimable =
        Filters.and(
            Filters.eq(STATUS, RUNNING),
            Filters.or(Filters.eq(CLAIMED_BY, null), Filters.lt(CLAIMED_AT, date(staleBefore))));
    Bson claim =
        Updates.combine(
            Updates.set(CLAIMED_BY, workerId),
            Updates.set(CLAIMED_AT, date(now)),
            Updates.set(UPDATED, date(now)),
            Updates.inc(ATTEMPTS, 1));
    // BEFORE, with the claim applied here: mongo-java-server may serialize an AFTER document
    // that a concurrent update (a renewal, a take-over) has changed again.
    FindOneAndUpdateOptions options =
        new FindOneAndUpdateOptions()
            .sort(Sorts.ascending(CREATED, JOB_ID))
            .returnDocument(ReturnDocument.BEFORE);
    Optional<ImportJob> job =
        Optional.ofNullable(jobs.findOneAndUpdate(claimable, claim, options))
            .map(
                before ->
                    ImportJobMapper.fromDocument(
                        before
                            .append(CLAIMED_BY, workerId)
                            .append(CLAIMED_AT, date(now))
                            .append(ATTEMPTS, DocumentValues.intValue(before, ATTEMPTS) + 1)));
    job.ifPresent(
        j -> log.debug("worker {} claimed job {} (attempt {})", workerId, j.jobId(), j.attempts()));
    return job;
  }

  @Override
  public void complete(String jobId, int version, List<String> warnings, Instant at) {
    finish(
        jobId,
        Updates.combine(
            Updates.set(STATUS, ImportJob.Status.COMPLETE.name()),
            Updates.set(VERSION, version),
            Updates.set(WARNINGS, List.copyOf(warnings))),
        at);
  }

  @Override
  public void fail(String jobId, String message, Instant at) {
    finish(
        jobId,
        Updates.combine(
            Updates.set(STATUS, ImportJob.Status.ERROR.name()), Updates.set(MESSAGE, message)),
        at);
  }

  @Override
  public boolean renewLease(String jobId, String workerId, int attempt, Instant now) {
    Bson held =
        Filters.and(
            Filters.eq(JOB_ID, jobId),
            Filters.eq(STATUS, RUNNING),
            Filters.eq(CLAIMED_BY, workerId),
            Filters.eq(ATTEMPTS, attempt));
    Bson renew =
        Updates.combine(Updates.set(CLAIMED_AT, date(now)), Updates.set(UPDATED, date(now)));
    return jobs.updateOne(held, renew).getMatchedCount() > 0;
  }

  @Override
  public long releaseClaims(String workerId, Instant at) {
    Bson mine = Filters.and(Filters.eq(STATUS, RUNNING), Filters.eq(CLAIMED_BY, workerId));
    Bson release =
        Updates.combine(
            Updates.set(CLAIMED_BY, null),
            Updates.set(CLAIMED_AT, null),
            Updates.set(UPDATED, date(at)));
    return jobs.updateMany(mine, release).getModifiedCount();
  }

  @Override
  public void setBlob(String jobId, String blobId, Instant at) {
    Bson update = Updates.combine(Updates.set(BLOB_ID, blobId), Updates.set(UPDATED, date(at)));
    if (jobs.updateOne(Filters.eq(JOB_ID, jobId), update).getMatchedCount() == 0) {
      log.warn("blob {} recorded for import job {} which does not exist", blobId, jobId);
    }
  }

  @Override
  public long deleteFinishedBefore(Instant before) {
    return jobs.deleteMany(Filters.lt(FINISHED, date(before))).getDeletedCount();
  }

  @Override
  public long deleteFinishedByCourse(String tenantId, String courseId) {
    Bson filter =
        Filters.and(
            Filters.eq(TENANT_ID, tenantId),
            Filters.eq(COURSE_ID, courseId),
            Filters.ne(STATUS, RUNNING));
    return jobs.deleteMany(filter).getDeletedCount();
  }

  @Override
  public boolean isBlobReferenced(String blobId) {
    Bson filter = Filters.and(Filters.eq(STATUS, RUNNING), Filters.eq(BLOB_ID, blobId));
    return jobs.find(filter).limit(1).first() != null;
  }

  @Override
  public boolean isBlobReferencedByOtherJob(String blobId, String jobId) {
    Bson filter =
        Filters.and(
            Filters.eq(STATUS, RUNNING), Filters.eq(BLOB_ID, blobId), Filters.ne(JOB_ID, jobId));
    return jobs.find(filter).limit(1).first() != null;
  }

  /** Ends a RUNNING job; a job that already ended keeps its first outcome. */
  private void finish(String jobId, Bson outcome, Instant at) {
    Bson running = Filters.and(Filters.eq(JOB_ID, jobId), Filters.eq(STATUS, RUNNING));
    Bson update =
        Updates.combine(outcome, Updates.set(FINISHED, date(at)), Updates.set(UPDATED, date(at)));
    if (jobs.updateOne(running, update).getMatchedCount() == 0) {
      log.warn("import job {} is not running (absent or already ended); outcome ignored", jobId);
    }
  }
}

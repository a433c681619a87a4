package org.courseport.server.domain.contentexport;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores content export jobs. Every change is a conditional single-document update; a running job
 * belongs to the worker holding its lease, and every write of a worker names it, so a worker whose
 * lease was taken over changes nothing.
 */
public interface ContentExportRepository {
  /** The tenant's next export id (from 1; never reused). */
  int nextId(String tenantId);

  /** Stores a new job in state CREATED. */
  void insert(ContentExport export);

  /** The tenant's job; empty for an unknown id or another tenant's. */
  Optional<ContentExport> find(String tenantId, int id);

  /** A page of one context's jobs, newest first. */
  List<ContentExport> list(
      String tenantId, ContextType type, String contextId, int offset, int limit);

  /** How many jobs one context has. */
  long count(String tenantId, ContextType type, String contextId);

  /**
   * Claims the oldest job that is CREATED, or EXPORTING with a lease that ended before {@code now}
   * (its worker died): moves it to EXPORTING with a lease held by {@code workerId} until {@code
   * leaseUntil}. Empty when there is none.
   */
  Optional<ContentExport> claim(String workerId, Instant now, Instant leaseUntil);

  /** Extends the lease of a job this worker holds; false when it no longer holds it. */
  boolean renew(String tenantId, int id, String workerId, Instant leaseUntil, Instant now);

  /** Records the completion of a job this worker holds; false when it no longer holds it. */
  boolean progress(String tenantId, int id, String workerId, int completion, Instant now);

  /**
   * Moves a job this worker holds to EXPORTED with completion 100, its package and the salt and
   * SHA-256 hash of its download token; false when it no longer holds it.
   */
  boolean complete(
      String tenantId,
      int id,
      String workerId,
      ContentExport.Package pkg,
      String tokenSalt,
      String tokenHash,
      Instant now);

  /** Moves a job this worker holds to FAILED with a message; false when it no longer holds it. */
  boolean fail(String tenantId, int id, String workerId, String message, Instant now);

  /** The exported job whose download token hashes to {@code tokenHash}. */
  Optional<ContentExport> findByTokenHash(String tokenHash);
}

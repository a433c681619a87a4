package org.courseport.server.domain.job;

/**
 * The tenant quotas an import job is held to (packages and stored bytes), keyed by the job id: a
 * job that creates a course holds one package of the quota, and a job holds the bytes it is about
 * to keep, from acceptance (or, for a fetch, from the moment its size is known) until the job ends,
 * when its course version counts itself. Each reservation is atomic across replicas and throws a
 * RESOURCE_EXHAUSTED QUOTA_EXCEEDED {@link org.courseport.server.domain.DomainException} naming the
 * quota when there is no room; nothing is held then.
 */
public interface ImportQuota {

  /** No quota: every reservation succeeds. */
  ImportQuota NONE =
      new ImportQuota() {
        @Override
        public void reserveNewCourse(String tenantId, String jobId) {}

        @Override
        public void reserveBytes(String tenantId, String jobId, long bytes) {}

        @Override
        public void release(String tenantId, String jobId) {}
      };

  /** Holds one package of the tenant's package quota for the job, which creates a course. */
  void reserveNewCourse(String tenantId, String jobId);

  /** Holds {@code bytes} of the tenant's stored-bytes quota for the job (replacing its earlier). */
  void reserveBytes(String tenantId, String jobId, long bytes);

  /** Releases what the job holds (nothing when it holds nothing). */
  void release(String tenantId, String jobId);
}

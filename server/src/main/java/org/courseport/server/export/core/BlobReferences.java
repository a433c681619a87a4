package org.courseport.server.export.core;

/**
 * Whether something other than export builds still uses a blob (a course version, an import job, a
 * media item or widget); asked before an export's blob is deleted. Export builds themselves are
 * counted by {@link BuildAwareBlobStore}.
 */
@FunctionalInterface
public interface BlobReferences {
  boolean isReferenced(String blobId);
}

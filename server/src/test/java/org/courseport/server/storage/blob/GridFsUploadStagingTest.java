package org.courseport.server.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.coursepackage.UploadStaging;

/**
 * The upload staging contract on GridFS ({@link GridFsUploadStaging}, blobs in {@link
 * GridFsBlobStore}): each "server" has its own staging instance on the one database, and nothing is
 * written to the data directory.
 */
class GridFsUploadStagingTest extends UploadStagingContract {
  GridFsUploadStagingTest() throws IOException {}

  @Override
  BlobStore blobStore() {
    return new GridFsBlobStore(database, clock);
  }

  @Override
  UploadStaging staging() {
    return new GridFsUploadStaging(database, clock);
  }

  @Override
  void assertNothingStaged() {
    assertThat(database.getCollection("uploadParts.files").countDocuments()).isZero();
    assertThat(database.getCollection("uploadParts.chunks").countDocuments()).isZero();
    assertThat(database.getCollection("uploadPartRefs").countDocuments()).isZero();
    assertThat(Files.exists(dir.resolve("multipart"))).isFalse();
  }
}

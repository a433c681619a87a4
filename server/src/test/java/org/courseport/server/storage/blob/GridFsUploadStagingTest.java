package org.courseport.server.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.nio.file.Files;
import org.bson.Document;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.coursepackage.ResumableUploads;
import org.courseport.server.domain.coursepackage.UploadSlot;
import org.courseport.server.domain.coursepackage.UploadStaging;
import org.junit.jupiter.api.Test;

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

  @Test
  void aLostSegment_makesTheUploadGoOnFromTheBytesHeldWhole() {
    ResumableUploads one = resumable(64 * 1024);
    ResumableUploads two = resumable(64 * 1024);
    byte[] zip = random(300 * 1024, 11);
    UploadSlot slot = one.open(TENANT, UUID, "u", "l.zip", zip.length, hex("SHA-256", zip));
    String id = slot.uploadId();
    try (ResumableUploads.Writer w = one.begin(TENANT, id, 0)) {
      write(w, zip, 0, 256 * 1024);
    }
    assertThat(two.status(TENANT, id).committedBytes()).isEqualTo(256 * 1024);
    // The segment at 128 KiB disappears (e.g. removed by a second stream on another replica).
    Document lost =
        database
            .getCollection("uploadParts.files")
            .find(Filters.eq("metadata.offset", 128L * 1024))
            .first();
    assertThat(lost).isNotNull();
    database.getCollection("uploadParts.files").deleteOne(Filters.eq("_id", lost.get("_id")));

    assertThatThrownBy(() -> two.begin(TENANT, id, 256 * 1024))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("OFFSET_MISMATCH");
              assertThat(e.getMessage()).contains("continue from offset " + 128 * 1024);
            });
    assertThat(one.status(TENANT, id).committedBytes()).isEqualTo(128 * 1024);
    try (ResumableUploads.Writer w = two.begin(TENANT, id, 128 * 1024)) {
      write(w, zip, 128 * 1024, zip.length);
      assertThat(w.finish()).isEqualTo(hex("SHA-256", zip));
    }
  }
}

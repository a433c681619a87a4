package org.courseport.server.storage.mongo.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.courseport.server.domain.coursepackage.UploadSlot;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claims of presigned PUTs and multipart completions on {@code packageUploads}: held by one
 * holder, renewed, let go only once stale (its holder died), and only the holder stores or
 * releases.
 */
class MongoUploadClaimsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  private final MongoUploadRepository uploads;

  MongoUploadClaimsTest() {
    uploads = new MongoUploadRepository(mongo.database());
    uploads.insert(
        new UploadSlot(
            "upl_1",
            "t1",
            "uuid",
            "",
            "a.zip",
            10,
            T0.plus(Duration.ofHours(1)),
            UploadSlot.State.MINTED,
            null,
            T0));
  }

  private UploadSlot.State state() {
    return uploads.find("upl_1").orElseThrow().state();
  }

  @Test
  void claim_isHeldByOneHolder_andOnlyItCompletes() {
    assertThat(uploads.claim("upl_1", "a", T0)).isTrue();
    assertThat(uploads.claim("upl_1", "b", T0)).isFalse();
    assertThat(uploads.renew("upl_1", "b", T0.plusSeconds(1))).isFalse();
    assertThat(uploads.complete("upl_1", "b", "blob-b")).isFalse();
    uploads.release("upl_1", "b");
    assertThat(state()).isEqualTo(UploadSlot.State.RECEIVING);

    assertThat(uploads.renew("upl_1", "a", T0.plusSeconds(1))).isTrue();
    assertThat(uploads.complete("upl_1", "a", "blob-a")).isTrue();
    UploadSlot stored = uploads.find("upl_1").orElseThrow();
    assertThat(stored.state()).isEqualTo(UploadSlot.State.STORED);
    assertThat(stored.blobId()).isEqualTo("blob-a");
    assertThat(uploads.releaseStale("upl_1", T0.plusSeconds(3600))).isFalse();
    assertThat(state()).isEqualTo(UploadSlot.State.STORED);
  }

  @Test
  void staleClaim_isLetGo_andItsDeadHolderCanNoLongerStoreOrRelease() {
    assertThat(uploads.claim("upl_1", "dead", T0)).isTrue();
    assertThat(uploads.renew("upl_1", "dead", T0.plusSeconds(20))).isTrue();
    // Renewed at +20 s: not stale for a cut-off at +20 s, stale for one after it.
    assertThat(uploads.releaseStale("upl_1", T0.plusSeconds(20))).isFalse();
    assertThat(state()).isEqualTo(UploadSlot.State.RECEIVING);
    assertThat(uploads.releaseStale("upl_1", T0.plusSeconds(21))).isTrue();
    assertThat(state()).isEqualTo(UploadSlot.State.MINTED);

    assertThat(uploads.claim("upl_1", "retry", T0.plusSeconds(30))).isTrue();
    assertThat(uploads.renew("upl_1", "dead", T0.plusSeconds(31))).isFalse();
    uploads.release("upl_1", "dead");
    assertThat(uploads.complete("upl_1", "dead", "blob-dead")).isFalse();
    assertThat(state()).isEqualTo(UploadSlot.State.RECEIVING);
    assertThat(uploads.complete("upl_1", "retry", "blob-retry")).isTrue();
    assertThat(uploads.find("upl_1").orElseThrow().blobId()).isEqualTo("blob-retry");
  }

  @Test
  void holderlessClaim_ofAResumableUpload_isNeverLetGoAsStale() {
    assertThat(uploads.claim("upl_1")).isTrue();
    assertThat(uploads.releaseStale("upl_1", T0.plusSeconds(86_400))).isFalse();
    assertThat(state()).isEqualTo(UploadSlot.State.RECEIVING);
  }

  @Test
  void release_byTheHolder_freesTheUploadForTheNextClaim() {
    assertThat(uploads.claim("upl_1", "a", T0)).isTrue();
    uploads.release("upl_1", "a");
    assertThat(state()).isEqualTo(UploadSlot.State.MINTED);
    assertThat(uploads.claim("upl_1", "b", T0)).isTrue();
  }
}

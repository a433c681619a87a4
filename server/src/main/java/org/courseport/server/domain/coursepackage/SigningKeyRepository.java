package org.courseport.server.domain.coursepackage;

import java.time.Instant;
import java.util.List;

/** Stores the upload-URL signing keys (generated on first use, rotated, kept while URLs live). */
public interface SigningKeyRepository {

  /** Every stored key, newest first. */
  List<SigningKey> all();

  /** Inserts a key (a concurrent insert of another key is fine: both stay valid). */
  void insert(SigningKey key);

  /** Deletes keys created before {@code cutoff}. */
  void deleteCreatedBefore(Instant cutoff);
}

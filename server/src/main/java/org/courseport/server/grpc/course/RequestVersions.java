package org.courseport.server.grpc.course;

import java.util.OptionalInt;
import org.courseport.server.domain.DomainException;

/** Maps a request's optional {@code version_id} to the domain's version selector. */
final class RequestVersions {
  private RequestVersions() {}

  /** The version named by a request, or empty for "latest" / "course level" when unset. */
  static OptionalInt version(boolean present, int value) {
    if (!present) {
      return OptionalInt.empty();
    }
    if (value < 0) {
      throw DomainException.invalid("PARAMETER_INVALID", "versionId must be 0 or more");
    }
    return OptionalInt.of(value);
  }
}

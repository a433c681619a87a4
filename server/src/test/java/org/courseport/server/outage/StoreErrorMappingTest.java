package org.courseport.server.outage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.UncheckedIOException;
import org.courseport.server.domain.DomainException;
import org.courseport.server.grpc.GrpcErrorMapper;
import org.junit.jupiter.api.Test;

/** A MongoException anywhere in a failure becomes UNAVAILABLE STORE_UNAVAILABLE, never INTERNAL. */
class StoreErrorMappingTest {

  private static ErrorInfo info(StatusRuntimeException e) throws Exception {
    com.google.rpc.Status rich = StatusProto.fromThrowable(e);
    assertThat(rich).isNotNull();
    assertThat(rich.getDetailsCount()).isEqualTo(1);
    return rich.getDetails(0).unpack(ErrorInfo.class);
  }

  @Test
  void serverSelectionTimeout_isUnavailableStoreUnreachable_withRetryAfterHint() throws Exception {
    StatusRuntimeException e =
        GrpcErrorMapper.toStatusException(
            new MongoTimeoutException("Timed out while waiting for a server at 10.0.0.7:27017"));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("The document store is unreachable; try again later.");
    ErrorInfo info = info(e);
    assertThat(info.getReason()).isEqualTo(GrpcErrorMapper.STORE_UNAVAILABLE);
    assertThat(info.getDomain()).isEqualTo(GrpcErrorMapper.DOMAIN);
    assertThat(info.getMetadataMap())
        .containsExactly(java.util.Map.entry("retry_after_seconds", "5"));
  }

  @Test
  void wrappedSocketFailure_isFoundAmongTheCauses_andNothingOfItLeaks() throws Exception {
    RuntimeException wrapped =
        new IllegalStateException(
            "listing failed",
            new UncheckedIOException(
                new java.io.IOException(
                    "read",
                    new MongoSocketOpenException(
                        "Exception opening socket", new ServerAddress("10.0.0.7", 27017)))));

    StatusRuntimeException e = GrpcErrorMapper.toStatusException(wrapped);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(info(e).getReason()).isEqualTo("STORE_UNAVAILABLE");
    assertThat(e.getStatus().getDescription()).doesNotContain("10.0.0.7").doesNotContain("socket");
  }

  @Test
  void otherStoreFailure_isUnavailableToo_withoutItsDetails() throws Exception {
    StatusRuntimeException e =
        GrpcErrorMapper.toStatusException(new MongoException(13, "not authorized on courseport"));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("The document store could not complete the request; try again later.");
    assertThat(info(e).getReason()).isEqualTo("STORE_UNAVAILABLE");
  }

  @Test
  void domainAndOtherFailures_keepTheirMapping() throws Exception {
    StatusRuntimeException domain =
        GrpcErrorMapper.toStatusException(
            new DomainException(DomainException.Kind.NOT_FOUND, "COURSE_NOT_FOUND", "No course."));
    assertThat(domain.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(info(domain).getReason()).isEqualTo("COURSE_NOT_FOUND");

    StatusRuntimeException other =
        GrpcErrorMapper.toStatusException(new IllegalStateException("boom"));
    assertThat(other.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(info(other).getReason()).isEqualTo("INTERNAL");
  }
}

package org.courseport.transcoding;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.courseport.api.v1.CoursePackage;
import org.courseport.api.v1.CreateUploadUrlRequest;
import org.courseport.api.v1.CreateUploadUrlResponse;
import org.courseport.api.v1.GetPackageRequest;
import org.courseport.api.v1.ListPackageVersionsRequest;
import org.courseport.api.v1.ListPackageVersionsResponse;
import org.courseport.api.v1.ListPackagesRequest;
import org.courseport.api.v1.ListPackagesResponse;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.ProcessPackageRequest;
import org.courseport.api.v1.ProcessPackageResponse;
import org.courseport.api.v1.PutUploadBytesRequest;
import org.courseport.api.v1.PutUploadBytesResponse;
import org.courseport.api.v1.UpdatePackageRequest;

/**
 * Test double of the Allure PackageService: records every unary request, answers defaults; a PUT's
 * bytes ({@code PutUploadBytes}) are kept with the size of each chunk message they came in.
 */
final class FakePackageService extends PackageServiceGrpc.PackageServiceImplBase {

  private final List<Message> requests;

  /** The size of each chunk message of the last {@code PutUploadBytes} calls, in order. */
  final List<Integer> putChunkSizes = new CopyOnWriteArrayList<>();

  /** The bytes of the last completed {@code PutUploadBytes} call. */
  volatile byte[] putBytes = new byte[0];

  /** Records into {@code requests} (shared with {@link FakeCourseService}). */
  FakePackageService(List<Message> requests) {
    this.requests = requests;
  }

  @Override
  public void createUploadUrl(
      CreateUploadUrlRequest request, StreamObserver<CreateUploadUrlResponse> observer) {
    answer(request, CreateUploadUrlResponse.getDefaultInstance(), observer);
  }

  @Override
  public void processPackage(
      ProcessPackageRequest request, StreamObserver<ProcessPackageResponse> observer) {
    answer(request, ProcessPackageResponse.getDefaultInstance(), observer);
  }

  @Override
  public void listPackages(
      ListPackagesRequest request, StreamObserver<ListPackagesResponse> observer) {
    answer(request, ListPackagesResponse.getDefaultInstance(), observer);
  }

  @Override
  public void getPackage(GetPackageRequest request, StreamObserver<CoursePackage> observer) {
    answer(request, CoursePackage.getDefaultInstance(), observer);
  }

  @Override
  public void updatePackage(UpdatePackageRequest request, StreamObserver<CoursePackage> observer) {
    answer(request, CoursePackage.getDefaultInstance(), observer);
  }

  @Override
  public void listPackageVersions(
      ListPackageVersionsRequest request, StreamObserver<ListPackageVersionsResponse> observer) {
    answer(request, ListPackageVersionsResponse.getDefaultInstance(), observer);
  }

  @Override
  public StreamObserver<PutUploadBytesRequest> putUploadBytes(
      StreamObserver<PutUploadBytesResponse> observer) {
    putChunkSizes.clear();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    return new StreamObserver<>() {
      private PutUploadBytesRequest first;

      @Override
      public void onNext(PutUploadBytesRequest message) {
        if (first == null) {
          first = message;
        } else {
          putChunkSizes.add(message.getChunk().size());
          received.writeBytes(message.getChunk().toByteArray());
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        putBytes = received.toByteArray();
        observer.onNext(
            PutUploadBytesResponse.newBuilder()
                .setUploadId(first.getTicket().getUploadId())
                .setPartNumber(first.getTicket().getPartNumber())
                .setSize(received.size())
                .setEtag("\"etag\"")
                .build());
        observer.onCompleted();
      }
    };
  }

  private <T> void answer(Message request, T response, StreamObserver<T> observer) {
    requests.add(request);
    observer.onNext(response);
    observer.onCompleted();
  }
}

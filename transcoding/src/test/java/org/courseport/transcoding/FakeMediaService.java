package org.courseport.transcoding;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.courseport.api.v1.DeleteMediaRequest;
import org.courseport.api.v1.GetMediaRequest;
import org.courseport.api.v1.GetWidgetRequest;
import org.courseport.api.v1.ListMediaRequest;
import org.courseport.api.v1.ListMediaResponse;
import org.courseport.api.v1.ListWidgetsRequest;
import org.courseport.api.v1.ListWidgetsResponse;
import org.courseport.api.v1.MediaItem;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.api.v1.RegisterExternalMediaRequest;
import org.courseport.api.v1.UploadMediaRequest;
import org.courseport.api.v1.UploadWidgetRequest;
import org.courseport.api.v1.Widget;

/**
 * Test double of MediaService: records every unary request and every upload message, answers
 * defaults (uploads answer once the client half-closes).
 */
final class FakeMediaService extends MediaServiceGrpc.MediaServiceImplBase {

  private final List<Message> requests;

  /** Records into {@code requests} (shared with {@link FakeCourseService}). */
  FakeMediaService(List<Message> requests) {
    this.requests = requests;
  }

  @Override
  public StreamObserver<UploadMediaRequest> uploadMedia(StreamObserver<MediaItem> observer) {
    return recorder(observer, MediaItem.newBuilder().setId("m1").build());
  }

  @Override
  public StreamObserver<UploadWidgetRequest> uploadWidget(StreamObserver<Widget> observer) {
    return recorder(observer, Widget.newBuilder().setId("w1").build());
  }

  @Override
  public void registerExternalMedia(
      RegisterExternalMediaRequest request, StreamObserver<MediaItem> observer) {
    answer(request, MediaItem.getDefaultInstance(), observer);
  }

  @Override
  public void getMedia(GetMediaRequest request, StreamObserver<MediaItem> observer) {
    answer(request, MediaItem.getDefaultInstance(), observer);
  }

  @Override
  public void listMedia(ListMediaRequest request, StreamObserver<ListMediaResponse> observer) {
    answer(request, ListMediaResponse.getDefaultInstance(), observer);
  }

  @Override
  public void deleteMedia(DeleteMediaRequest request, StreamObserver<Empty> observer) {
    answer(request, Empty.getDefaultInstance(), observer);
  }

  @Override
  public void getWidget(GetWidgetRequest request, StreamObserver<Widget> observer) {
    answer(request, Widget.getDefaultInstance(), observer);
  }

  @Override
  public void listWidgets(
      ListWidgetsRequest request, StreamObserver<ListWidgetsResponse> observer) {
    answer(request, ListWidgetsResponse.getDefaultInstance(), observer);
  }

  private <Q extends Message, R> StreamObserver<Q> recorder(StreamObserver<R> observer, R result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(Q message) {
        requests.add(message);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        observer.onNext(result);
        observer.onCompleted();
      }
    };
  }

  private <Q extends Message, R> void answer(Q request, R response, StreamObserver<R> observer) {
    requests.add(request);
    observer.onNext(response);
    observer.onCompleted();
  }
}

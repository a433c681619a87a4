package org.courseport.transcoding;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.courseport.api.v1.CreateLessonRequest;
import org.courseport.api.v1.DeleteLessonRequest;
import org.courseport.api.v1.GetLessonRequest;
import org.courseport.api.v1.GetLessonVersionRequest;
import org.courseport.api.v1.Lesson;
import org.courseport.api.v1.LessonServiceGrpc;
import org.courseport.api.v1.LessonVersion;
import org.courseport.api.v1.ListLessonVersionsRequest;
import org.courseport.api.v1.ListLessonVersionsResponse;
import org.courseport.api.v1.ListLessonsRequest;
import org.courseport.api.v1.ListLessonsResponse;
import org.courseport.api.v1.PublishLessonVersionRequest;
import org.courseport.api.v1.UpdateLessonRequest;

/** Test double of LessonService: records every request, answers defaults. */
final class FakeLessonService extends LessonServiceGrpc.LessonServiceImplBase {

  private final List<Message> requests;

  /** Records into {@code requests} (shared with {@link FakeCourseService}). */
  FakeLessonService(List<Message> requests) {
    this.requests = requests;
  }

  @Override
  public void createLesson(CreateLessonRequest request, StreamObserver<Lesson> observer) {
    answer(request, Lesson.getDefaultInstance(), observer);
  }

  @Override
  public void getLesson(GetLessonRequest request, StreamObserver<Lesson> observer) {
    answer(request, Lesson.getDefaultInstance(), observer);
  }

  @Override
  public void listLessons(
      ListLessonsRequest request, StreamObserver<ListLessonsResponse> observer) {
    answer(request, ListLessonsResponse.getDefaultInstance(), observer);
  }

  @Override
  public void updateLesson(UpdateLessonRequest request, StreamObserver<Lesson> observer) {
    answer(request, Lesson.getDefaultInstance(), observer);
  }

  @Override
  public void deleteLesson(DeleteLessonRequest request, StreamObserver<Empty> observer) {
    answer(request, Empty.getDefaultInstance(), observer);
  }

  @Override
  public void publishLessonVersion(
      PublishLessonVersionRequest request, StreamObserver<LessonVersion> observer) {
    answer(request, LessonVersion.getDefaultInstance(), observer);
  }

  @Override
  public void listLessonVersions(
      ListLessonVersionsRequest request, StreamObserver<ListLessonVersionsResponse> observer) {
    answer(request, ListLessonVersionsResponse.getDefaultInstance(), observer);
  }

  @Override
  public void getLessonVersion(
      GetLessonVersionRequest request, StreamObserver<LessonVersion> observer) {
    answer(request, LessonVersion.getDefaultInstance(), observer);
  }

  private <T> void answer(Message request, T response, StreamObserver<T> observer) {
    requests.add(request);
    observer.onNext(response);
    observer.onCompleted();
  }
}

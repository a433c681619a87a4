package org.courseport.client.testing;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseList;
import org.courseport.api.v1.CourseListNonPaged;
import org.courseport.api.v1.CreateFetchAndImportCourseJobRequest;
import org.courseport.api.v1.DeleteApplicationConfigurationSettingRequest;
import org.courseport.api.v1.DeleteCourseConfigurationSettingRequest;
import org.courseport.api.v1.DeleteCourseRequest;
import org.courseport.api.v1.DeleteCourseTagsRequest;
import org.courseport.api.v1.DeleteCourseVersionRequest;
import org.courseport.api.v1.FileList;
import org.courseport.api.v1.GetApplicationConfigurationRequest;
import org.courseport.api.v1.GetCourseConfigurationRequest;
import org.courseport.api.v1.GetCourseFileListRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCourseTagsRequest;
import org.courseport.api.v1.GetCourseVersionsRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.GetImportJobStatusRequest;
import org.courseport.api.v1.GetValidationReportRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.PutCourseTagsBatchRequest;
import org.courseport.api.v1.PutCourseTagsRequest;
import org.courseport.api.v1.SetApplicationConfigurationRequest;
import org.courseport.api.v1.SetCourseConfigurationRequest;
import org.courseport.api.v1.SetCourseTitleRequest;
import org.courseport.api.v1.SettingList;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.TagList;
import org.courseport.api.v1.ValidationReport;

/**
 * A transport double of CourseService for client tests: records every request, answers from canned
 * state, and fails calls with an ErrorInfo-carrying status (see {@link #error}) when told to.
 */
public final class FakeCourseService extends FakeTransfers {
  public final Map<String, Course> courses = new ConcurrentHashMap<>();
  public final Map<String, List<String>> tags = new ConcurrentHashMap<>();

  /** States returned by successive GetImportJobStatus calls; the last one repeats. */
  public final ConcurrentLinkedDeque<ImportJobResult> jobStates = new ConcurrentLinkedDeque<>();

  /** GetCourses pages; {@code more} is the index of the next page. */
  public final List<CourseList> pages = new CopyOnWriteArrayList<>();

  public volatile List<Course> versions = List.of();
  public volatile SettingList settings = SettingList.getDefaultInstance();
  public volatile FileList fileList = FileList.getDefaultInstance();

  @Override
  public void createFetchAndImportCourseJob(
      CreateFetchAndImportCourseJobRequest request, StreamObserver<StringResult> responses) {
    reply(request, responses, () -> StringResult.newBuilder().setResult(jobId).build());
  }

  @Override
  public void getImportJobStatus(
      GetImportJobStatusRequest request, StreamObserver<ImportJobResult> responses) {
    reply(
        request,
        responses,
        () -> jobStates.size() > 1 ? jobStates.pollFirst() : jobStates.peekFirst());
  }

  @Override
  public void getCourses(GetCoursesRequest request, StreamObserver<CourseList> responses) {
    reply(
        request,
        responses,
        () -> pages.get(request.getMore().isEmpty() ? 0 : Integer.parseInt(request.getMore())));
  }

  @Override
  public void getCourse(GetCourseRequest request, StreamObserver<Course> responses) {
    Course course = courses.get(request.getCourseId());
    if (course == null && failure == null) {
      requests.add(request);
      String message = "course '" + request.getCourseId() + "' not found";
      responses.onError(error(Status.Code.NOT_FOUND, "COURSE_NOT_FOUND", message));
      return;
    }
    reply(request, responses, () -> course);
  }

  @Override
  public void deleteCourse(DeleteCourseRequest request, StreamObserver<Empty> responses) {
    empty(request, responses);
  }

  @Override
  public void getCourseVersions(
      GetCourseVersionsRequest request, StreamObserver<CourseListNonPaged> responses) {
    reply(
        request, responses, () -> CourseListNonPaged.newBuilder().addAllCourses(versions).build());
  }

  @Override
  public void deleteCourseVersion(
      DeleteCourseVersionRequest request, StreamObserver<Empty> responses) {
    empty(request, responses);
  }

  @Override
  public void setCourseTitle(SetCourseTitleRequest request, StreamObserver<Empty> responses) {
    empty(request, responses);
  }

  @Override
  public void getCourseTags(GetCourseTagsRequest request, StreamObserver<TagList> responses) {
    List<String> current = tags.getOrDefault(request.getCourseId(), List.of());
    reply(request, responses, () -> TagList.newBuilder().addAllTags(current).build());
  }

  @Override
  public void putCourseTags(PutCourseTagsRequest request, StreamObserver<Empty> responses) {
    if (failure == null) {
      tags.put(request.getCourseId(), List.copyOf(request.getTags().getTagsList()));
    }
    empty(request, responses);
  }

  @Override
  public void deleteCourseTags(DeleteCourseTagsRequest request, StreamObserver<Empty> responses) {
    if (failure == null) {
      List<String> kept = new ArrayList<>(tags.getOrDefault(request.getCourseId(), List.of()));
      kept.removeAll(request.getTags().getTagsList());
      tags.put(request.getCourseId(), kept);
    }
    empty(request, responses);
  }

  @Override
  public void putCourseTagsBatch(
      PutCourseTagsBatchRequest request, StreamObserver<Empty> responses) {
    if (failure == null) {
      for (String id : request.getBatch().getIdsList()) {
        List<String> merged = new ArrayList<>(tags.getOrDefault(id, List.of()));
        request.getBatch().getTagsList().stream()
            .filter(t -> !merged.contains(t))
            .forEach(merged::add);
        tags.put(id, merged);
      }
    }
    empty(request, responses);
  }

  @Override
  public void getCourseConfiguration(
      GetCourseConfigurationRequest request, StreamObserver<SettingList> responses) {
    reply(request, responses, () -> settings);
  }

  @Override
  public void setCourseConfiguration(
      SetCourseConfigurationRequest request, StreamObserver<Empty> responses) {
    empty(request, responses);
  }

  @Override
  public void deleteCourseConfigurationSetting(
      DeleteCourseConfigurationSettingRequest request, StreamObserver<Empty> responses) {
    empty(request, responses);
  }

  @Override
  public void getApplicationConfiguration(
      GetApplicationConfigurationRequest request, StreamObserver<SettingList> responses) {
    reply(request, responses, () -> settings);
  }

  @Override
  public void setApplicationConfiguration(
      SetApplicationConfigurationRequest request, StreamObserver<Empty> responses) {
    empty(request, responses);
  }

  @Override
  public void deleteApplicationConfigurationSetting(
      DeleteApplicationConfigurationSettingRequest request, StreamObserver<Empty> responses) {
    empty(request, responses);
  }

  @Override
  public void getCourseFileList(
      GetCourseFileListRequest request, StreamObserver<FileList> responses) {
    reply(request, responses, () -> fileList);
  }

  @Override
  public void getValidationReport(
      GetValidationReportRequest request, StreamObserver<ValidationReport> responses) {
    reply(request, responses, () -> validationReport);
  }

  private void empty(Message request, StreamObserver<Empty> responses) {
    reply(request, responses, Empty::getDefaultInstance);
  }
}

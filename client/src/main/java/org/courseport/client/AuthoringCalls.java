package org.courseport.client;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.courseport.api.v1.CourseAuthoringServiceGrpc;
import org.courseport.api.v1.CourseAuthoringServiceGrpc.CourseAuthoringServiceBlockingStub;
import org.courseport.api.v1.CourseJob;
import org.courseport.api.v1.CreateCourseRequest;
import org.courseport.api.v1.CreateCourseResponse;
import org.courseport.api.v1.GetCourseJobRequest;

/** The CourseAuthoringService calls: courses assembled from published lesson versions. */
public final class AuthoringCalls {
  private final Channel channel;
  private final Duration callTimeout;

  AuthoringCalls(Channel channel, Duration callTimeout) {
    this.channel = channel;
    this.callTimeout = callTimeout;
  }

  /** Starts a course creation job. */
  public CreateCourseResponse create(CreateCourseRequest request) {
    return unary(s -> s.createCourse(request));
  }

  /** The job's status, progress and, once completed, its course. */
  public CourseJob job(String jobId) {
    return unary(s -> s.getCourseJob(GetCourseJobRequest.newBuilder().setJobId(jobId).build()));
  }

  /**
   * Polls the job every {@code interval} until it is completed or failed, or {@code timeout} has
   * passed (then returns the job as last seen).
   */
  public CourseJob await(String jobId, Duration interval, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      CourseJob job = job(jobId);
      if (job.getStatus().equals("completed")
          || job.getStatus().equals("failed")
          || System.nanoTime() > deadline) {
        return job;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private <T> T unary(Function<CourseAuthoringServiceBlockingStub, T> call) {
    CourseAuthoringServiceBlockingStub stub =
        CourseAuthoringServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return call.apply(stub);
    } catch (StatusRuntimeException e) {
      throw ErrorTable.toException(e);
    }
  }
}

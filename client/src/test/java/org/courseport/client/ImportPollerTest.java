package org.courseport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.courseport.api.v1.GetImportJobStatusRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.client.testing.FakeCourseService;
import org.courseport.client.testing.InProcessCourseport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImportPollerTest {
  private InProcessCourseport courseport;
  private FakeCourseService service;
  private CourseportClient client;

  @BeforeEach
  void start() throws Exception {
    courseport = new InProcessCourseport();
    service = courseport.service;
    client = courseport.client();
  }

  @AfterEach
  void stop() {
    client.close();
    courseport.close();
  }

  @Test
  void waitForImport_pollsUntilTheJobLeavesRunning() {
    service.jobStates.add(job(ImportJobResult.Status.RUNNING));
    service.jobStates.add(job(ImportJobResult.Status.RUNNING));
    service.jobStates.add(job(ImportJobResult.Status.COMPLETE));

    ImportJobResult result = client.waitForImport("job-1", Duration.ofSeconds(10));

    assertThat(result.getStatus()).isEqualTo(ImportJobResult.Status.COMPLETE);
    assertThat(service.requests)
        .filteredOn(GetImportJobStatusRequest.class::isInstance)
        .hasSize(3)
        .allSatisfy(
            r -> assertThat(((GetImportJobStatusRequest) r).getImportJobId()).isEqualTo("job-1"));
  }

  @Test
  void waitForImport_returnsErrorStateWithItsMessage() {
    service.jobStates.add(job(ImportJobResult.Status.RUNNING));
    service.jobStates.add(
        job(ImportJobResult.Status.ERROR).toBuilder().setMessage("no manifest").build());

    ImportJobResult result = client.waitForImport("job-1", Duration.ofSeconds(10));

    assertThat(result.getStatus()).isEqualTo(ImportJobResult.Status.ERROR);
    assertThat(result.getMessage()).isEqualTo("no manifest");
  }

  @Test
  void waitForImport_jobStillRunningAtTimeout_throwsDeadlineExceeded() {
    service.jobStates.add(job(ImportJobResult.Status.RUNNING));

    assertThatThrownBy(() -> client.waitForImport("job-1", Duration.ofMillis(30)))
        .isInstanceOfSatisfying(
            DeadlineExceededException.class,
            e -> assertThat(e.reason()).isEqualTo("IMPORT_WAIT_TIMEOUT"));
    // How many polls fit into 30 ms depends on the machine's load: only that it asked.
    assertThat(service.requests).isNotEmpty();
  }

  private static ImportJobResult job(ImportJobResult.Status status) {
    return ImportJobResult.newBuilder().setJobId("job-1").setStatus(status).build();
  }
}

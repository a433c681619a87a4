package org.courseport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Random;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.client.testing.FakeCourseService;
import org.courseport.client.testing.InProcessCourseport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDownloadTest {
  @TempDir Path dir;
  private InProcessCourseport courseport;
  private CourseportClient client;
  private final byte[] content = new byte[1_234_567];

  @BeforeEach
  void start() throws Exception {
    courseport = new InProcessCourseport();
    client = courseport.client();
    new Random(7).nextBytes(content);
    courseport.service.file = content;
  }

  @AfterEach
  void stop() {
    client.close();
    courseport.close();
  }

  @Test
  void downloadZip_toFile_writesTheExactBytesAndNoTemporaryFile() throws Exception {
    Path target = dir.resolve("out.zip");

    Path written = client.downloadZip("golf", OptionalInt.of(2), target);

    assertThat(written).isEqualTo(target);
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(dir).isDirectoryNotContaining("glob:**.part");
    GetCourseZipRequest sent = courseport.service.last(GetCourseZipRequest.class);
    assertThat(sent.getCourseId()).isEqualTo("golf");
    assertThat(sent.getVersionId()).isEqualTo(2);
    assertThat(courseport.lastAuthorization()).isEqualTo("Basic YXBwOnMzY3JldA==");
  }

  @Test
  void downloadZip_intoDirectory_usesTheServersFileNameWithoutPath() throws Exception {
    courseport.service.fileName = "../../etc/golf-v2.zip";

    Path written = client.downloadZip("golf", OptionalInt.empty(), dir);

    assertThat(written).isEqualTo(dir.resolve("golf-v2.zip"));
    assertThat(Files.readAllBytes(written)).isEqualTo(content);
  }

  @Test
  void downloadZip_overwritesAnExistingFile() throws Exception {
    Path target = Files.writeString(dir.resolve("out.zip"), "old");

    client.downloadZip("golf", OptionalInt.empty(), target);

    assertThat(Files.readAllBytes(target)).isEqualTo(content);
  }

  @Test
  void downloadZip_shorterThanAnnounced_failsAndLeavesNothing() {
    courseport.service.announcedSize = content.length + 1;
    Path target = dir.resolve("out.zip");

    assertThatThrownBy(() -> client.downloadZip("golf", OptionalInt.empty(), target))
        .isInstanceOfSatisfying(
            CourseportException.class,
            e -> assertThat(e.reason()).isEqualTo("DOWNLOAD_INCOMPLETE"));
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void downloadZip_unknownCourse_throwsNotFoundAndLeavesNothing() {
    courseport.service.failure =
        FakeCourseService.error(Status.Code.NOT_FOUND, "COURSE_NOT_FOUND", "course 'x' not found");

    assertThatThrownBy(() -> client.downloadZip("x", OptionalInt.empty(), dir.resolve("x.zip")))
        .isInstanceOf(NotFoundException.class);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void downloadAsset_sendsRelativePathAndWritesTheBytes() throws Exception {
    Path written =
        client.downloadAsset("golf", OptionalInt.empty(), "shared/page.html", dir.resolve("p"));

    assertThat(Files.readAllBytes(written)).isEqualTo(content);
    assertThat(courseport.service.last(GetCourseAssetRequest.class).getRelativePath())
        .isEqualTo("shared/page.html");
  }
}

package org.courseport.server.export.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.courseport.server.grpc.GrpcFixtures.blobPath;
import static org.courseport.server.grpc.GrpcFixtures.importCourse;
import static org.courseport.server.grpc.GrpcFixtures.sha256;
import static org.courseport.server.testing.CourseportServerExtension.KEY;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.courseport.api.v1.DeleteCourseRequest;
import org.courseport.server.Services;
import org.courseport.server.domain.DomainException;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.core.ExportBuilds.Build;
import org.courseport.server.storage.mongo.export.MongoExportBuilds;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The course exports as Services wires them in the real server: the snapshot of an imported course
 * comes from the server's store, another tenant's course is NOT_FOUND, and the blob collection of a
 * course delete over gRPC spares the bytes an export build of another course references.
 */
class CourseExportsServerTest {
  @RegisterExtension
  static final CourseportServerExtension SERVER = new CourseportServerExtension();

  static String tenantOf(String key) {
    Services services = SERVER.server().services();
    return services.tenants().findKey(key.substring(0, key.indexOf(':'))).orElseThrow().tenantId();
  }

  @Test
  void anImportedCourse_isLoaded_andAFormatNoWriterMakesIsRefused() {
    importCourse(SERVER, KEY, "export-wired-1", TestPackages.scorm12("Wired"));

    DomainException e =
        catchThrowableOfType(
            DomainException.class,
            () ->
                SERVER
                    .server()
                    .services()
                    .courseExports()
                    .export(
                        tenantOf(KEY),
                        "export-wired-1",
                        ExportOptions.of(ExportFormat.QTI),
                        p -> {}));

    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo("EXPORT_REFUSED");
    // The imported writer (wired since) refuses it, naming the package's standard and the format.
    assertThat(e.getMessage()).startsWith("A SCORM 1.2 course cannot be exported as QTI: ");
  }

  @Test
  void anotherTenantsCourse_isNotFound() {
    importCourse(SERVER, KEY, "export-wired-2", TestPackages.scorm12("Mine"));
    String other = SERVER.newTenant();

    DomainException e =
        catchThrowableOfType(
            DomainException.class,
            () ->
                SERVER
                    .server()
                    .services()
                    .courseExports()
                    .export(
                        tenantOf(other),
                        "export-wired-2",
                        ExportOptions.of(ExportFormat.SCORM12),
                        p -> {}));

    assertThat(e.kind()).isEqualTo(DomainException.Kind.NOT_FOUND);
    assertThat(e.reason()).isEqualTo("NOT_FOUND");
    assertThat(e.getMessage()).isEqualTo("Course 'export-wired-2' not found");
  }

  @Test
  void deletingACourse_sparesBytesAnExportBuildOfAnotherCourseReferences() throws Exception {
    byte[] zip = TestPackages.scorm12("Shared bytes");
    importCourse(SERVER, KEY, "export-wired-3", zip);
    String blobId = sha256(zip);
    // A build of another course whose zip has exactly these bytes.
    new MongoExportBuilds(SERVER.server().services().store().database())
        .record(
            new Build(
                tenantOf(KEY),
                "f".repeat(64),
                blobId,
                blobId,
                zip.length,
                "other.zip",
                ExportFormat.SCORM12,
                Instant.now(),
                List.of("export-wired-other")));

    SERVER
        .blocking(KEY)
        .deleteCourse(DeleteCourseRequest.newBuilder().setCourseId("export-wired-3").build());

    assertThat(Files.exists(blobPath(SERVER, zip))).isTrue();
  }
}

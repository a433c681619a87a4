package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.assertFails;
import static org.courseport.server.grpc.GrpcFixtures.blobPath;
import static org.courseport.server.grpc.GrpcFixtures.metadata;
import static org.courseport.server.grpc.GrpcFixtures.tenantId;
import static org.courseport.server.grpc.GrpcFixtures.uploadMessages;
import static org.courseport.server.rest.ScormCloudRest.message;
import static org.courseport.server.rest.ScormCloudRest.obj;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import java.nio.file.Files;
import java.util.Map;
import org.courseport.api.v1.CreateFetchAndImportCourseJobRequest;
import org.courseport.api.v1.ImportFetchRequest;
import org.courseport.server.domain.coursepackage.Quotas;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tenant quotas (packages, stored bytes) on SCORM Cloud imports, through the real REST server
 * and gRPC: an upload or fetch that would pass a quota is refused with the dialect's error body (or
 * ends its job in ERROR when only the fetched size tells), keeps nothing, and holds nothing of the
 * quota once its job has ended. Each test works in a tenant of its own, with its own quotas.
 */
class ScormCloudQuotaRestTest {
  static final FakeOrigin origin = FakeOrigin.start("127.0.0.1");

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_FETCH_ALLOW", "127.0.0.1:" + origin.port());

  // Each test its own bytes (blobs are shared by identical bytes across the server's tenants).
  private static byte[] pkg(String title) {
    return TestPackages.scorm12(title);
  }

  @AfterAll
  static void stopOrigin() {
    origin.close();
  }

  /** A new tenant with the given quotas (0: unlimited); returns its key. */
  private static String tenant(long packages, long bytes) {
    String key = server.newTenant();
    quotas().override(tenantId(server, key), packages, bytes);
    return key;
  }

  private static Quotas quotas() {
    return server.server().services().quotas();
  }

  private static Quotas.Usage usage(String key) {
    return quotas().usage(tenantId(server, key));
  }

  private static long reserved(String key) {
    return quotas().reservedBytes(tenantId(server, key));
  }

  @Test
  void uploadLargerThanTheRoomLeft_is403WithTheMessage_andKeepsNothing() {
    byte[] alpha = pkg("Alpha Up01");
    String key = tenant(0, alpha.length - 1);
    ScormCloudRest api = ScormCloudRest.basic(server, key);

    String why = message(api.upload("big", "", "big.zip", alpha, Map.of()), 403);

    assertThat(why).contains("Storage quota exceeded").contains(alpha.length + "");
    message(api.get("/courses/big"), 404);
    assertThat(Files.exists(blobPath(server, alpha))).isFalse();
    assertThat(reserved(key)).isZero();
    assertThat(usage(key).storedBytes()).isZero();
  }

  @Test
  void storedCoursesCount_andTheReservationEndsWithTheJob() {
    byte[] alpha = pkg("Alpha St02");
    byte[] bravo = pkg("Bravo St02");
    String key = tenant(0, alpha.length + bravo.length - 1);
    ScormCloudRest api = ScormCloudRest.basic(server, key);

    api.importCourse("alpha", alpha);
    assertThat(usage(key).storedBytes()).isEqualTo(alpha.length);
    assertThat(reserved(key)).as("released when the job ended").isZero();

    String why = message(api.upload("bravo", "", "bravo.zip", bravo, Map.of()), 403);
    assertThat(why).contains(alpha.length + " of " + (alpha.length + bravo.length - 1));
    message(api.get("/courses/bravo"), 404);
    assertThat(usage(key).storedBytes()).isEqualTo(alpha.length);
  }

  @Test
  void aVersionWithTheSameBytes_sharesTheBlob_countedOnce() {
    byte[] alpha = pkg("Alpha Sa03");
    byte[] bravo = pkg("Bravo Sa03");
    // Room for one more package of this size while the second upload is received.
    String key = tenant(0, 2L * alpha.length + 16);
    ScormCloudRest api = ScormCloudRest.basic(server, key);

    api.importCourse("same", alpha);
    JsonNode again = api.importCourse("same", "&mayCreateNewVersion=true", alpha);

    assertThat(again.get("importResult").get("course").get("version").asInt()).isEqualTo(1);
    assertThat(usage(key).storedBytes()).isEqualTo(alpha.length);
    // So the room for another course is still there.
    api.importCourse("other", bravo);
  }

  @Test
  void aNewCourseOverThePackageQuota_is403_butANewVersionIsNot() {
    byte[] alpha = pkg("Alpha Np04");
    byte[] bravo = pkg("Bravo Np04");
    String key = tenant(1, 0);
    ScormCloudRest api = ScormCloudRest.basic(server, key);
    api.importCourse("only", alpha);

    String why = message(api.upload("second", "", "second.zip", bravo, Map.of()), 403);
    assertThat(why).contains("Package quota exceeded").contains("1 of 1");
    message(api.get("/courses/second"), 404);

    JsonNode version = api.importCourse("only", "&mayCreateNewVersion=true", bravo);
    assertThat(version.get("importResult").get("course").get("version").asInt()).isEqualTo(1);
    assertThat(usage(key).packages()).isEqualTo(1);
  }

  @Test
  void fetchOfANewCourseOverThePackageQuota_is403AtOnce_andFetchesNothing() {
    byte[] alpha = pkg("Alpha Fp05");
    byte[] bravo = pkg("Bravo Fp05");
    String key = tenant(1, 0);
    ScormCloudRest api = ScormCloudRest.basic(server, key);
    api.importCourse("held", alpha);
    origin.serve("/pq.zip", "application/zip", bravo);

    Response r =
        api.post(
            "/courses/importJobs?courseId=pq",
            obj("url", origin.url("/pq.zip"), "contentType", "application/zip"));

    assertThat(message(r, 403)).contains("Package quota exceeded");
    assertThat(origin.received("/pq.zip")).isEmpty();
  }

  @Test
  void fetchLargerThanTheRoomLeft_endsInErrorNamingTheQuota_andKeepsNothing() {
    byte[] bravo = pkg("Bravo Fb06");
    String key = tenant(0, bravo.length - 1);
    ScormCloudRest api = ScormCloudRest.basic(server, key);
    origin.serve("/big.zip", "application/zip", bravo);

    Response r =
        api.post(
            "/courses/importJobs?courseId=fetched",
            obj("url", origin.url("/big.zip"), "contentType", "application/zip"));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode job = api.awaitJob(r.json().get("result").asText());

    assertThat(job.get("status").asText()).as("%s", job).isEqualTo("ERROR");
    assertThat(job.get("message").asText())
        .contains("Storage quota exceeded")
        .contains(bravo.length + "");
    message(api.get("/courses/fetched"), 404);
    assertThat(Files.exists(blobPath(server, bravo))).as("fetched bytes removed").isFalse();
    assertThat(reserved(key)).isZero();
    assertThat(usage(key).storedBytes()).isZero();
  }

  @Test
  void grpcUploadWithoutADeclaredSize_isResourceExhaustedOnceTheSizeIsKnown() {
    byte[] alpha = pkg("Alpha Gu07");
    String key = tenant(0, alpha.length - 1);

    var e =
        assertFails(
            () -> GrpcFixtures.send(server, key, uploadMessages(metadata("g-big"), alpha)),
            Status.Code.RESOURCE_EXHAUSTED,
            Quotas.REASON);

    assertThat(e.getStatus().getDescription()).contains("Storage quota exceeded");
    assertThat(Files.exists(blobPath(server, alpha))).isFalse();
    assertThat(reserved(key)).isZero();
  }

  @Test
  void grpcUploadDeclaringTooManyBytes_isRefusedBeforeAnyByteIsSent() {
    byte[] alpha = pkg("Alpha Gd08");
    String key = tenant(0, 100);

    var e =
        assertFails(
            () ->
                GrpcFixtures.send(
                    server,
                    key,
                    uploadMessages(metadata("g-declared").setSize(alpha.length), alpha)),
            Status.Code.RESOURCE_EXHAUSTED,
            Quotas.REASON);

    assertThat(e.getStatus().getDescription()).contains("needs " + alpha.length);
    assertThat(reserved(key)).isZero();
  }

  @Test
  void grpcFetchOfANewCourseOverThePackageQuota_isResourceExhausted() {
    byte[] alpha = pkg("Alpha Gf09");
    String key = tenant(1, 0);
    GrpcFixtures.importCourse(server, key, "g-one", alpha);

    assertFails(
        () ->
            server
                .blocking(key)
                .createFetchAndImportCourseJob(
                    CreateFetchAndImportCourseJobRequest.newBuilder()
                        .setCourseId("g-two")
                        .setImportRequest(
                            ImportFetchRequest.newBuilder().setUrl(origin.url("/none.zip")))
                        .build()),
        Status.Code.RESOURCE_EXHAUSTED,
        Quotas.REASON);
    assertThat(usage(key).packages()).isEqualTo(1);
  }
}

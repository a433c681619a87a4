package org.courseport.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bson.Document;
import org.courseport.api.v1.GetResumableUploadStatusRequest;
import org.courseport.api.v1.GetResumableUploadStatusResponse;
import org.courseport.api.v1.OpenResumableUploadRequest;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.ResumableWriteStart;
import org.courseport.api.v1.WriteResumableUploadRequest;
import org.courseport.api.v1.WriteResumableUploadResponse;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The upload flows across two replicas on one store, both with {@code COURSEPORT_BLOB_STORE=gridfs}
 * (the fixture of {@link ReplicaPairTest}): a multipart upload whose parts are PUT to either
 * replica and completed on one, processed on the other; a resumable gRPC upload started on A,
 * broken on B, finished on A; a presigned PUT to A processed on B; the sweep of an expired upload's
 * parts by the replica that did not receive them. Nothing is kept on either replica's disk.
 */
class ReplicaUploadsTest {
  static final int MONGO_PORT = freePort();

  /** Above GridFS's 255 KiB chunk: a part spans chunks. */
  static final int PART_SIZE = 256 * 1024;

  @RegisterExtension
  @Order(1)
  static final CourseportServerExtension a =
      replica().with("COURSEPORT_EMBEDDED_MONGO_PORT", Integer.toString(MONGO_PORT));

  @RegisterExtension
  @Order(2)
  static final CourseportServerExtension b =
      replica().with("MONGODB_URI", "mongodb://127.0.0.1:" + MONGO_PORT);

  static final String KEY = CourseportServerExtension.KEY;
  static final String BEARER = "Bearer " + KEY;

  static CourseportServerExtension replica() {
    return new CourseportServerExtension()
        .with("COURSEPORT_BLOB_STORE", "gridfs")
        .with("COURSEPORT_DEFAULT_PLAN", "paid")
        .with("COURSEPORT_MULTIPART_PART_SIZE", Integer.toString(PART_SIZE));
  }

  final String tenantId = a.server().services().tenantDirectory().uuidOf(Bootstrap.DEFAULT_TENANT);

  /** A SCORM 1.2 package titled {@code title} with a 600 KiB media file (incompressible). */
  static byte[] largePackage(String title, int seed) {
    byte[] media = new byte[600 * 1024];
    new Random(seed).nextBytes(media);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out);
        ZipInputStream small =
            new ZipInputStream(new ByteArrayInputStream(TestPackages.scorm12(title)))) {
      for (ZipEntry e = small.getNextEntry(); e != null; e = small.getNextEntry()) {
        zip.putNextEntry(new ZipEntry(e.getName()));
        small.transferTo(zip);
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("media.bin"));
      zip.write(media);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static Response post(CourseportServerExtension to, String path, Object body) {
    try {
      return Http.send("POST", to.http().resolve(path), BEARER, Http.JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The PUT of a minted URL sent to {@code to} (as a load balancer would route it). */
  static Response put(CourseportServerExtension to, String url, byte[] bytes) {
    return put(to, url, bytes, Map.of("Content-Type", "application/zip"));
  }

  static Response put(
      CourseportServerExtension to, String url, byte[] bytes, Map<String, String> headers) {
    URI minted = URI.create(url);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(to.http().resolve(minted.getRawPath() + "?" + minted.getRawQuery()))
            .timeout(Duration.ofSeconds(60));
    headers.forEach(request::header);
    return Http.send(request.PUT(BodyPublishers.ofByteArray(bytes)).build());
  }

  String partUrl(CourseportServerExtension minter, String uploadId, int part) {
    Response r =
        post(
            minter,
            "/api/v1/packages/multipart/part-url",
            Map.of("upload_id", uploadId, "part_number", part));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().get("url").asText();
  }

  Response process(CourseportServerExtension to, String storagePath, String filename) {
    return post(
        to,
        "/api/v1/packages/process",
        Map.of(
            "tenant_id",
            tenantId,
            "uploaded_by",
            "replica-test",
            "storage_path",
            storagePath,
            "original_filename",
            filename));
  }

  static int freePort() {
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long count(String collection, Document filter) {
    return database().getCollection(collection).countDocuments(filter);
  }

  static List<java.nio.file.Path> filesUnder(CourseportServerExtension replica, String dir) {
    if (!java.nio.file.Files.isDirectory(replica.dataDir().resolve(dir))) {
      return List.of();
    }
    return replica.filesUnder(dir);
  }

  static com.mongodb.client.MongoDatabase database() {
    return a.server().services().store().database();
  }

  static long stagedFilesOf(String uploadId) {
    return database()
        .getCollection("uploadParts.files")
        .countDocuments(new Document("metadata.uploadId", uploadId));
  }

  static void assertNothingOnDisk() {
    assertThat(filesUnder(a, "multipart")).isEmpty();
    assertThat(filesUnder(b, "multipart")).isEmpty();
    assertThat(filesUnder(a, "blobs")).isEmpty();
    assertThat(filesUnder(b, "blobs")).isEmpty();
  }

  static Map<String, Object> part(int n, String etag) {
    return Map.of("part_number", n, "etag", etag);
  }

  @Test
  void multipartPartsPutToBothReplicas_completedOnB_processedOnA() {
    byte[] zip = largePackage("Parts On Two Replicas", 1);
    List<byte[]> parts = new ArrayList<>();
    for (int off = 0; off < zip.length; off += PART_SIZE) {
      parts.add(Arrays.copyOfRange(zip, off, Math.min(zip.length, off + PART_SIZE)));
    }
    assertThat(parts).hasSize(3);
    Response init =
        post(
            a,
            "/api/v1/packages/multipart/init",
            Map.of(
                "tenant_id",
                tenantId,
                "uploaded_by",
                "u",
                "filename",
                "two-replicas.zip",
                "file_size",
                zip.length));
    assertThat(init.status()).as("%s", init).isEqualTo(200);
    String uploadId = init.json().get("upload_id").asText();
    String storagePath = init.json().get("storage_path").asText();

    // Part 2 first with wrong bytes to A; its retry to B wins.
    byte[] wrong = new byte[PART_SIZE];
    Response first = put(a, partUrl(a, uploadId, 2), wrong);
    assertThat(first.status()).as("%s", first).isEqualTo(200);
    assertThat(first.header("ETag")).isEqualTo('"' + hex("MD5", wrong) + '"');
    List<String> etags = new ArrayList<>();
    for (int n = 1; n <= parts.size(); n++) {
      CourseportServerExtension minter = n % 2 == 1 ? b : a;
      CourseportServerExtension receiver = n % 2 == 1 ? a : b;
      Response r = put(receiver, partUrl(minter, uploadId, n), parts.get(n - 1));
      assertThat(r.status()).as("part %d: %s", n, r).isEqualTo(200);
      assertThat(r.header("ETag")).isEqualTo('"' + hex("MD5", parts.get(n - 1)) + '"');
      etags.add(r.header("ETag"));
    }
    // In the shared store: one record per part, no file on either disk.
    assertThat(count("uploadPartRefs", new Document("uploadId", uploadId))).isEqualTo(3);
    assertThat(stagedFilesOf(uploadId)).isEqualTo(3);
    assertNothingOnDisk();

    // Errors on B are those of one server.
    Response badEtag =
        post(
            b,
            "/api/v1/packages/multipart/complete",
            Map.of(
                "upload_id",
                uploadId,
                "parts",
                List.of(
                    part(1, etags.get(0)),
                    part(2, '"' + hex("MD5", wrong) + '"'),
                    part(3, etags.get(2)))));
    assertThat(badEtag.status()).as("%s", badEtag).isEqualTo(400);
    assertThat(badEtag.json().get("code").asText()).isEqualTo("PART_ETAG_MISMATCH");
    assertThat(badEtag.json().get("message").asText()).contains("part 2");
    Response missing =
        post(
            b,
            "/api/v1/packages/multipart/complete",
            Map.of(
                "upload_id",
                uploadId,
                "parts",
                List.of(part(1, etags.get(0)), part(3, etags.get(2)))));
    assertThat(missing.status()).as("%s", missing).isEqualTo(400);
    assertThat(missing.json().get("code").asText()).isEqualTo("PART_MISSING");
    assertThat(missing.json().get("message").asText()).contains("Part 2 is missing");

    Response done =
        post(
            b,
            "/api/v1/packages/multipart/complete",
            Map.of(
                "upload_id",
                uploadId,
                "parts",
                List.of(part(3, etags.get(2)), part(1, etags.get(0)), part(2, etags.get(1)))));
    assertThat(done.status()).as("%s", done).isEqualTo(200);
    assertThat(done.json().get("size").asLong()).isEqualTo(zip.length);
    assertThat(done.json().get("storage_path").asText()).isEqualTo(storagePath);
    // The zip is a blob; the parts are gone from the store.
    assertThat(count("blobs.files", new Document("filename", hex("SHA-256", zip)))).isEqualTo(1);
    assertThat(count("uploadPartRefs", new Document("uploadId", uploadId))).isZero();
    assertThat(stagedFilesOf(uploadId)).isZero();

    Response processed = process(a, storagePath, "two-replicas.zip");
    assertThat(processed.status()).as("%s", processed).isEqualTo(200);
    assertThat(processed.json().get("file_size_bytes").asLong()).isEqualTo(zip.length);
    assertThat(processed.json().get("manifest").get("title").asText())
        .isEqualTo("Parts On Two Replicas");
    assertThat(processed.json().get("package").get("package_id").asText()).startsWith("pkg_");
    // Completed for both replicas.
    Response again =
        post(
            a,
            "/api/v1/packages/multipart/part-url",
            Map.of("upload_id", uploadId, "part_number", 1));
    assertThat(again.status()).as("%s", again).isEqualTo(400);
    assertThat(again.json().get("code").asText()).isEqualTo("UPLOAD_COMPLETED");
    assertNothingOnDisk();
  }

  static Metadata auth() {
    Metadata m = new Metadata();
    m.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(KEY));
    return m;
  }

  static PackageServiceGrpc.PackageServiceBlockingStub blocking(CourseportServerExtension to) {
    return PackageServiceGrpc.newBlockingStub(to.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth()))
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  static PackageServiceGrpc.PackageServiceStub async(CourseportServerExtension to) {
    return PackageServiceGrpc.newStub(to.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth()));
  }

  static GetResumableUploadStatusResponse status(CourseportServerExtension at, String uploadId) {
    return blocking(at)
        .getResumableUploadStatus(
            GetResumableUploadStatusRequest.newBuilder().setUploadId(uploadId).build());
  }

  /** Asks {@code at} until its answer satisfies {@code condition} (a minute: hang detection). */
  static GetResumableUploadStatusResponse awaitStatus(
      CourseportServerExtension at,
      String uploadId,
      Predicate<GetResumableUploadStatusResponse> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      GetResumableUploadStatusResponse s = status(at, uploadId);
      if (condition.test(s)) {
        return s;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("upload " + uploadId + " never reached the state awaited");
  }

  /** Opens a stream into {@code to} at {@code offset} and sends {@code bytes[from, to)}. */
  static StreamObserver<WriteResumableUploadRequest> stream(
      CourseportServerExtension to,
      String uploadId,
      long offset,
      byte[] bytes,
      int from,
      int until,
      CompletableFuture<WriteResumableUploadResponse> result) {
    StreamObserver<WriteResumableUploadRequest> out =
        async(to)
            .writeResumableUpload(
                new StreamObserver<>() {
                  @Override
                  public void onNext(WriteResumableUploadResponse value) {
                    result.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    result.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    out.onNext(
        WriteResumableUploadRequest.newBuilder()
            .setStart(ResumableWriteStart.newBuilder().setUploadId(uploadId).setOffset(offset))
            .build());
    for (int at = from; at < until; at += 64 * 1024) {
      out.onNext(
          WriteResumableUploadRequest.newBuilder()
              .setChunk(ByteString.copyFrom(bytes, at, Math.min(64 * 1024, until - at)))
              .build());
    }
    return out;
  }

  @Test
  void aResumableUploadStartedOnA_brokenOnB_finishedOnA_isProcessedOnB() throws Exception {
    byte[] zip = largePackage("Resumed On Another Replica", 2);
    String sha = hex("SHA-256", zip);
    String uploadId =
        blocking(a)
            .openResumableUpload(
                OpenResumableUploadRequest.newBuilder()
                    .setFilename("resumed.zip")
                    .setFileSize(zip.length)
                    .setSha256(sha)
                    .setUploadedBy("replica-test")
                    .build())
            .getUploadId();

    // A receives the first 200 KiB; the stream ends early and answers the bytes held.
    int first = 200 * 1024;
    CompletableFuture<WriteResumableUploadResponse> one = new CompletableFuture<>();
    stream(a, uploadId, 0, zip, 0, first, one).onCompleted();
    assertThat(one.get(60, TimeUnit.SECONDS).getCommittedBytes()).isEqualTo(first);

    // The client asks B where to go on, and sends B the next 200 KiB; the connection breaks.
    assertThat(status(b, uploadId).getCommittedBytes()).isEqualTo(first);
    CompletableFuture<WriteResumableUploadResponse> two = new CompletableFuture<>();
    StreamObserver<WriteResumableUploadRequest> broken =
        stream(b, uploadId, first, zip, first, 2 * first, two);
    awaitStatus(b, uploadId, GetResumableUploadStatusResponse::getWriting);
    broken.onError(new RuntimeException("connection lost"));
    GetResumableUploadStatusResponse afterBreak = awaitStatus(b, uploadId, s -> !s.getWriting());
    long held = afterBreak.getCommittedBytes();
    assertThat(held).isBetween((long) first, 2L * first);

    // A reports the same offset; the rest goes to A, which checks the SHA-256 and stores the zip.
    assertThat(status(a, uploadId).getCommittedBytes()).isEqualTo(held);
    CompletableFuture<WriteResumableUploadResponse> three = new CompletableFuture<>();
    stream(a, uploadId, held, zip, (int) held, zip.length, three).onCompleted();
    WriteResumableUploadResponse end = three.get(60, TimeUnit.SECONDS);
    assertThat(end.getComplete()).isTrue();
    assertThat(end.getSha256()).isEqualTo(sha);
    assertThat(end.getCommittedBytes()).isEqualTo(zip.length);
    assertThat(status(b, uploadId).getComplete()).isTrue();
    assertThat(count("blobs.files", new Document("filename", sha))).isEqualTo(1);
    assertThat(stagedFilesOf(uploadId)).isZero();

    Response processed = process(b, end.getStoragePath(), "resumed.zip");
    assertThat(processed.status()).as("%s", processed).isEqualTo(200);
    assertThat(processed.json().get("manifest").get("title").asText())
        .isEqualTo("Resumed On Another Replica");
    assertNothingOnDisk();
  }

  @Test
  void aPresignedPutToA_isProcessedOnB() {
    byte[] zip = TestPackages.scorm12("Presigned Across Replicas");
    Response ticket =
        post(
            a,
            "/api/v1/packages/upload-url",
            Map.of(
                "tenant_id",
                tenantId,
                "uploaded_by",
                "u",
                "filename",
                "presigned.zip",
                "file_size",
                zip.length));
    assertThat(ticket.status()).as("%s", ticket).isEqualTo(200);
    JsonNode t = ticket.json();
    Map<String, String> headers = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = t.get("required_put_headers").fields();
    fields.forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    Response stored = put(a, t.get("presigned_url").asText(), zip, headers);
    assertThat(stored.status()).as("%s", stored).isEqualTo(200);
    assertThat(count("blobs.files", new Document("filename", hex("SHA-256", zip)))).isEqualTo(1);

    Response processed = process(b, t.get("storage_path").asText(), "presigned.zip");
    assertThat(processed.status()).as("%s", processed).isEqualTo(200);
    assertThat(processed.json().get("manifest").get("title").asText())
        .isEqualTo("Presigned Across Replicas");
    assertNothingOnDisk();
  }

  @Test
  void theSweepOfBRemovesTheGridFsPartsAReceived_ofAnExpiredUpload() {
    Response init =
        post(
            a,
            "/api/v1/packages/multipart/init",
            Map.of("tenant_id", tenantId, "uploaded_by", "u", "filename", "abandoned.zip"));
    assertThat(init.status()).as("%s", init).isEqualTo(200);
    String uploadId = init.json().get("upload_id").asText();
    byte[] bytes = new byte[PART_SIZE + 10];
    new Random(3).nextBytes(bytes);
    assertThat(put(a, partUrl(a, uploadId, 1), bytes).status()).isEqualTo(200);
    assertThat(stagedFilesOf(uploadId)).isEqualTo(1);
    assertThat(count("uploadParts.chunks", new Document())).isPositive();

    // The upload expires uncompleted (as if its lifetime had passed); B's sweep runs.
    database()
        .getCollection("packageUploads")
        .updateOne(
            new Document("_id", uploadId),
            new Document(
                "$set", new Document("expires", new Date(System.currentTimeMillis() - 1))));
    assertThat(b.server().services().multipartUploads().sweep()).isGreaterThanOrEqualTo(1);

    assertThat(stagedFilesOf(uploadId)).isZero();
    assertThat(count("uploadPartRefs", new Document("uploadId", uploadId))).isZero();
    Response late =
        post(
            b,
            "/api/v1/packages/multipart/part-url",
            Map.of("upload_id", uploadId, "part_number", 2));
    assertThat(late.status()).as("%s", late).isEqualTo(404);
    assertThat(late.json().get("code").asText()).isEqualTo("UPLOAD_EXPIRED");
    assertNothingOnDisk();
  }
}

package org.courseport.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.GetImportJobStatusRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.api.v1.ValidatePackageRequest;
import org.courseport.api.v1.ValidationReport;
import org.courseport.server.testing.CourseportServerExtension;

/** Calls and assertions shared by the gRPC tests that run against a real server. */
public final class GrpcFixtures {
  public static final int CHUNK = 64 * 1024;

  private GrpcFixtures() {}

  /** Metadata of an upload into {@code courseId}. */
  public static UploadMetadata.Builder metadata(String courseId) {
    return UploadMetadata.newBuilder().setCourseId(courseId).setFileName(courseId + ".zip");
  }

  public static CreateUploadAndImportCourseJobRequest first(UploadMetadata.Builder metadata) {
    return CreateUploadAndImportCourseJobRequest.newBuilder().setMetadata(metadata).build();
  }

  /** The upload messages of {@code zip}: the metadata, then chunks of {@link #CHUNK} bytes. */
  public static List<CreateUploadAndImportCourseJobRequest> uploadMessages(
      UploadMetadata.Builder metadata, byte[] zip) {
    List<CreateUploadAndImportCourseJobRequest> messages = new ArrayList<>();
    messages.add(first(metadata));
    for (int off = 0; off < zip.length; off += CHUNK) {
      messages.add(
          CreateUploadAndImportCourseJobRequest.newBuilder()
              .setChunk(ByteString.copyFrom(zip, off, Math.min(CHUNK, zip.length - off)))
              .build());
    }
    return messages;
  }

  /** Sends the messages as one upload stream; returns the job id or throws the call's status. */
  public static String send(
      CourseportServerExtension server,
      String key,
      List<CreateUploadAndImportCourseJobRequest> messages) {
    CompletableFuture<StringResult> result = new CompletableFuture<>();
    StreamObserver<CreateUploadAndImportCourseJobRequest> out =
        server.async(key).createUploadAndImportCourseJob(collector(result));
    messages.forEach(out::onNext);
    out.onCompleted();
    return await(result).getResult();
  }

  /** Uploads {@code zip} into {@code courseId}; returns the import job id. */
  public static String upload(
      CourseportServerExtension server, String key, UploadMetadata.Builder metadata, byte[] zip) {
    return send(server, key, uploadMessages(metadata, zip));
  }

  /** Uploads and waits for the job; fails unless it is COMPLETE. Returns the imported course. */
  public static Course importCourse(
      CourseportServerExtension server,
      String key,
      String courseId,
      byte[] zip,
      boolean newVersion) {
    String jobId = upload(server, key, metadata(courseId).setMayCreateNewVersion(newVersion), zip);
    ImportJobResult job = awaitJob(server, key, jobId);
    assertThat(job.getStatus()).as(job.getMessage()).isEqualTo(ImportJobResult.Status.COMPLETE);
    return job.getImportResult().getCourse();
  }

  public static Course importCourse(
      CourseportServerExtension server, String key, String courseId, byte[] zip) {
    return importCourse(server, key, courseId, zip, false);
  }

  /**
   * Polls the job until it leaves RUNNING; gives up after five minutes (hang detection only, far
   * above an import on a loaded machine).
   */
  public static ImportJobResult awaitJob(
      CourseportServerExtension server, String key, String jobId) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      ImportJobResult r =
          server
              .blocking(key)
              .getImportJobStatus(
                  GetImportJobStatusRequest.newBuilder().setImportJobId(jobId).build());
      if (r.getStatus() != ImportJobResult.Status.RUNNING) {
        return r;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("import job " + jobId + " did not finish within five minutes");
  }

  /** Sends a validate-only stream: the file name, then the bytes in chunks. */
  public static ValidationReport validate(
      CourseportServerExtension server, String key, String fileName, byte[] zip) {
    CompletableFuture<ValidationReport> result = new CompletableFuture<>();
    StreamObserver<ValidatePackageRequest> out =
        server.async(key).validatePackage(collector(result));
    out.onNext(ValidatePackageRequest.newBuilder().setFileName(fileName).build());
    for (int off = 0; off < zip.length; off += CHUNK) {
      out.onNext(
          ValidatePackageRequest.newBuilder()
              .setChunk(ByteString.copyFrom(zip, off, Math.min(CHUNK, zip.length - off)))
              .build());
    }
    out.onCompleted();
    return await(result);
  }

  /** Concatenates a streamed file; the first message must be its info, the rest data. */
  public static Download download(Iterator<FileChunk> chunks) {
    assertThat(chunks.hasNext()).as("stream has an info message").isTrue();
    FileChunk first = chunks.next();
    assertThat(first.hasInfo()).as("first message carries info").isTrue();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (chunks.hasNext()) {
      FileChunk c = chunks.next();
      assertThat(c.hasData()).as("later messages carry data").isTrue();
      bytes.writeBytes(c.getData().toByteArray());
    }
    return new Download(first.getInfo(), bytes.toByteArray());
  }

  /** A downloaded file. */
  public record Download(org.courseport.api.v1.FileInfo info, byte[] bytes) {}

  /** Runs the call and returns its failure, asserting the code and the ErrorInfo reason. */
  public static StatusRuntimeException assertFails(
      ThrowingCallable call, Status.Code code, String reason) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("the call fails").isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException e = (StatusRuntimeException) t;
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
    assertThat(errorInfo(e).getReason()).as(e.getStatus().toString()).isEqualTo(reason);
    return e;
  }

  /** The one ErrorInfo of a failure's rich status. */
  public static ErrorInfo errorInfo(Throwable t) {
    com.google.rpc.Status status = StatusProto.fromThrowable(t);
    assertThat(status).as("rich status of " + t).isNotNull();
    assertThat(status.getDetailsList()).hasSize(1);
    try {
      ErrorInfo info = status.getDetails(0).unpack(ErrorInfo.class);
      assertThat(info.getDomain()).isEqualTo(GrpcErrorMapper.DOMAIN);
      return info;
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("detail is not an ErrorInfo", e);
    }
  }

  /** A zip of the given entries, in order. */
  public static byte[] zip(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The entries of {@code zip} followed by {@code extra}, as a new zip. */
  public static byte[] withFiles(byte[] zip, Map<String, byte[]> extra) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.putAll(extra);
    return zip(files);
  }

  /** One entry's bytes of a zip. */
  public static byte[] entry(byte[] zip, String name) {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) {
          return in.readAllBytes();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no entry " + name);
  }

  /** The tenant id behind a key ({@code id:secret}). */
  public static String tenantId(CourseportServerExtension server, String key) {
    String keyId = key.substring(0, key.indexOf(':'));
    return server.server().services().tenants().findKey(keyId).orElseThrow().tenantId();
  }

  /** Bytes that do not compress, reproducibly. */
  public static byte[] noise(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Where the file blob store keeps a blob with these bytes. */
  public static Path blobPath(CourseportServerExtension server, byte[] content) {
    String id = sha256(content);
    return server
        .dataDir()
        .resolve("blobs")
        .resolve(id.substring(0, 2))
        .resolve(id.substring(2, 4))
        .resolve(id);
  }

  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> StreamObserver<T> collector(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.complete(null);
      }
    };
  }

  private static <T> T await(CompletableFuture<T> result) {
    try {
      return result.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("stream call did not finish", e);
    }
  }
}

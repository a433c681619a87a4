package org.courseport.server.grpc.course;

import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.courseport.api.v1.ValidatePackageRequest;
import org.courseport.api.v1.ValidationReport;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.packaging.PackageInspector;
import org.courseport.server.grpc.Calls;

/** Receives a validate-only stream into a temporary file, inspects it, and deletes it. */
final class ValidateHandler implements StreamObserver<ValidatePackageRequest> {
  private final PackageInspector inspector;
  private final StreamObserver<ValidationReport> response;
  private final long maxBytes;
  private final Path file;
  private final OutputStream out;
  private String fileName = "";
  private long size;
  private boolean failed;

  ValidateHandler(
      PackageInspector inspector, Path tmpDir, long maxBytes, StreamObserver<ValidationReport> r) {
    this.inspector = inspector;
    this.response = r;
    this.maxBytes = maxBytes;
    try {
      Files.createDirectories(tmpDir);
      this.file = Files.createTempFile(tmpDir, "validate-", ".zip");
      this.out = Files.newOutputStream(file, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onNext(ValidatePackageRequest message) {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
          if (message.hasFileName()) {
            fileName = message.getFileName();
            return;
          }
          size += message.getChunk().size();
          if (size > maxBytes) {
            throw new DomainException(
                DomainException.Kind.RESOURCE_EXHAUSTED,
                "UPLOAD_TOO_LARGE",
                "The upload is larger than this server accepts (COURSEPORT_MAX_UPLOAD_BYTES)");
          }
          message.getChunk().writeTo(out);
        });
  }

  @Override
  public void onError(Throwable t) {
    cleanUp();
  }

  @Override
  public void onCompleted() {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
          try {
            out.close();
            if (size == 0) {
              throw DomainException.invalid("UPLOAD_EMPTY", "The uploaded file is empty");
            }
            ValidationReport report;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
              report = ImportProtoMapper.report(inspector.inspect(channel, fileName).report());
            }
            cleanUp(); // before answering: a caller who has the report finds nothing left behind
            response.onNext(report);
            response.onCompleted();
          } finally {
            cleanUp();
          }
        });
  }

  /** Before the call ends with the mapped error: ignore further messages, delete the file. */
  private void fail() {
    failed = true;
    cleanUp();
  }

  private void cleanUp() {
    try {
      out.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

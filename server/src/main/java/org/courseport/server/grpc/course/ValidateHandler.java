package org.courseport.server.grpc.course;

import com.google.protobuf.ByteString;
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
import org.courseport.server.grpc.ChunkStreamHandler;

/**
 * Receives a validate-only stream into a temporary file, inspects it, and deletes it. The file name
 * may come in any message, the first too.
 */
final class ValidateHandler extends ChunkStreamHandler<ValidatePackageRequest, ValidationReport> {
  private final PackageInspector inspector;
  private final long maxBytes;
  private final Path file;
  private final OutputStream out;
  private String fileName = "";
  private long size;

  ValidateHandler(
      PackageInspector inspector, Path tmpDir, long maxBytes, StreamObserver<ValidationReport> r) {
    super(r);
    this.inspector = inspector;
    this.maxBytes = maxBytes;
    try {
      Files.createDirectories(tmpDir);
      this.file = Files.createTempFile(tmpDir, "validate-", ".zip");
      this.out = Files.newOutputStream(file, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chunk, counted against the limit before any of it is written. */
  @Override
  protected ByteString chunkOf(ValidatePackageRequest message) {
    if (message.hasFileName()) {
      return null;
    }
    ByteString chunk = message.getChunk();
    size += chunk.size();
    if (size > maxBytes) {
      throw new DomainException(
          DomainException.Kind.RESOURCE_EXHAUSTED,
          "UPLOAD_TOO_LARGE",
          "The upload is larger than this server accepts (COURSEPORT_MAX_UPLOAD_BYTES)");
    }
    return chunk;
  }

  @Override
  protected void other(ValidatePackageRequest message) {
    fileName = message.getFileName();
  }

  @Override
  protected void writeChunk(byte[] bytes, int off, int len) throws IOException {
    out.write(bytes, off, len);
  }

  @Override
  protected ValidationReport finish() throws IOException {
    out.close();
    if (size == 0) {
      throw DomainException.invalid("UPLOAD_EMPTY", "The uploaded file is empty");
    }
    ValidationReport report;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      report = ImportProtoMapper.report(inspector.inspect(channel, fileName).report());
    }
    release(); // before answering: a caller who has the report finds nothing left behind
    return report;
  }

  @Override
  protected void release() {
    try {
      out.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

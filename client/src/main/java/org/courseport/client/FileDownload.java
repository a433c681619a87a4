package org.courseport.client;

import io.grpc.Context;
import io.grpc.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;

/**
 * Writes one server-streamed file to disk: into a temporary file next to the target, renamed into
 * place only once every byte arrived. A directory target receives the file under the name the
 * server announces (or the fallback name).
 */
final class FileDownload {
  private final Path target;
  private final String fallbackName;

  FileDownload(Path target, String fallbackName) {
    this.target = target;
    this.fallbackName = fallbackName;
  }

  /** Runs the call and returns the path written; the call is cancelled if writing fails. */
  Path run(Supplier<Iterator<FileChunk>> call) throws IOException {
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      return write(call.get());
    } catch (RuntimeException e) {
      throw ErrorTable.toException(e);
    } finally {
      context.detach(previous);
      context.cancel(null);
    }
  }

  private Path write(Iterator<FileChunk> chunks) throws IOException {
    boolean intoDirectory = Files.isDirectory(target);
    Path directory = intoDirectory ? target : target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(directory, ".courseport-", ".part");
    try {
      FileInfo info = FileInfo.newBuilder().setSize(-1).build();
      long written = 0;
      try (OutputStream out = Files.newOutputStream(temp)) {
        while (chunks.hasNext()) {
          FileChunk chunk = chunks.next();
          if (chunk.hasInfo()) {
            info = chunk.getInfo();
          } else {
            chunk.getData().writeTo(out);
            written += chunk.getData().size();
          }
        }
      }
      checkComplete(info, written);
      Path destination = intoDirectory ? target.resolve(safeName(info)) : target;
      return moveIntoPlace(temp, destination);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void checkComplete(FileInfo info, long written) {
    if (info.getSize() >= 0 && info.getSize() != written) {
      String message = "download incomplete: expected " + info.getSize() + " bytes, got " + written;
      throw new CourseportException(
          Status.DATA_LOSS.withDescription(message), "DOWNLOAD_INCOMPLETE", Map.of(), null);
    }
  }

  /** The announced name without any directory part, so a server cannot write elsewhere. */
  private String safeName(FileInfo info) {
    String name = info.getFileName().replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    return name.isBlank() || name.equals(".") || name.equals("..") ? fallbackName : name;
  }

  private static Path moveIntoPlace(Path temp, Path destination) throws IOException {
    try {
      return Files.move(
          temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      return Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

package org.courseport.server.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.coursepackage.UploadStaging;

/** The upload staging contract in file mode: parts and resumable bytes under the data directory. */
class FileUploadStagingTest extends UploadStagingContract {
  FileUploadStagingTest() throws IOException {}

  @Override
  BlobStore blobStore() throws IOException {
    return new FileSystemBlobStore(dir);
  }

  @Override
  UploadStaging staging() {
    return null;
  }

  @Override
  void assertNothingStaged() throws IOException {
    Path parts = dir.resolve("multipart");
    if (Files.isDirectory(parts)) {
      try (Stream<Path> left = Files.walk(parts)) {
        assertThat(left.filter(p -> !p.equals(parts))).isEmpty();
      }
    }
  }
}

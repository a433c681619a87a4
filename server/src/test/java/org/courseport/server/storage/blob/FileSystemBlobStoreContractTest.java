package org.courseport.server.storage.blob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.courseport.server.domain.blob.BlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlobStoreContract} on the file system store. */
class FileSystemBlobStoreContractTest extends BlobStoreContract {
  @TempDir Path dataDir;
  FileSystemBlobStore store;

  @BeforeEach
  void openStore() throws IOException {
    store = new FileSystemBlobStore(dataDir);
  }

  @Override
  BlobStore store() {
    return store;
  }

  @Override
  BlobStore otherReplica() {
    // The same instance: a JVM holds a file lock once, so a second instance in this process would
    // collide on the guard's lock file (processes sharing the directory each hold their own).
    return store;
  }

  @Override
  long storedCopies(String blobId) {
    return Files.exists(store.pathOf(blobId)) ? 1 : 0;
  }

  @Override
  long leftovers() throws IOException {
    try (Stream<Path> files = Files.walk(store.root().resolve("tmp"))) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}

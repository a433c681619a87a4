package org.courseport.server.storage.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.courseport.server.domain.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed {@link BlobStore} on the local file system: blob {@code abcd…} lives in {@code
 * <dataDir>/blobs/ab/cd/abcd…}, written through {@code <dataDir>/blobs/tmp/}, fsynced and renamed
 * into place.
 */
public final class FileSystemBlobStore implements BlobStore {
  private static final Logger log = LoggerFactory.getLogger(FileSystemBlobStore.class);

  /**
   * Hashes and writes the full buffers of blob writers, one buffer per writer at a time, while the
   * writers' callers go on (daemon threads, ended after a minute idle).
   */
  private static final ExecutorService BACKGROUND =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "blob-writer");
            thread.setDaemon(true);
            return thread;
          });

  private final Path root;
  private final Path tmp;
  private final Path locks;

  /** In-process half of the blob guards, one per lock file (first two hex digits of an id). */
  private final ReentrantLock[] stripes = new ReentrantLock[256];

  /** Opens (or creates) the store in {@code <dataDir>/blobs} and removes leftover temp files. */
  public FileSystemBlobStore(Path dataDir) throws IOException {
    this.root = dataDir.resolve("blobs").toAbsolutePath().normalize();
    this.tmp = root.resolve("tmp");
    this.locks = dataDir.resolve("blob-locks").toAbsolutePath().normalize();
    Files.createDirectories(tmp);
    Files.createDirectories(locks);
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
      // Created up front, so that collecting a blob leaves no new file behind.
      Path lockFile = locks.resolve(String.format("%02x.lock", i));
      if (!Files.exists(lockFile)) {
        Files.createFile(lockFile);
      }
    }
    int removed = removeTempFiles();
    log.info("Blob store in {} ({} leftover temp files removed)", root, removed);
  }

  /** The directory holding the blobs. */
  public Path root() {
    return root;
  }

  ExecutorService background() {
    return BACKGROUND;
  }

  /** Where a blob's file is (whether or not it exists), e.g. to serve it without copying. */
  public Path pathOf(String blobId) {
    BlobIds.requireValid(blobId);
    return root.resolve(blobId.substring(0, 2)).resolve(blobId.substring(2, 4)).resolve(blobId);
  }

  @Override
  public BlobWriter newWriter() throws IOException {
    return new FileBlobWriter(this, Files.createTempFile(tmp, "blob-", ".tmp"));
  }

  /**
   * Moves the file into place (after forcing it to disk) when it is on the store's file system: no
   * copy and no second hash; else copies it through a writer.
   */
  @Override
  public String adopt(Path file, String blobId, Consumer<String> recordReference)
      throws IOException {
    BlobIds.requireValid(blobId);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Path temp = tmp.resolve("adopted-" + UUID.randomUUID() + ".tmp");
    try {
      Files.move(file, temp, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      return BlobStore.super.adopt(file, blobId, recordReference);
    }
    boolean[] published = {false};
    try {
      guarded(
          blobId,
          () -> {
            publish(temp, blobId);
            published[0] = true;
            recordReference.accept(blobId);
            return null;
          });
      log.debug("adopted blob {}", blobId);
      return blobId;
    } finally {
      if (!published[0]) {
        Files.deleteIfExists(temp);
      }
    }
  }

  @Override
  public SeekableByteChannel openChannel(String blobId) throws IOException {
    return FileChannel.open(pathOf(blobId), StandardOpenOption.READ);
  }

  @Override
  public InputStream open(String blobId) throws IOException {
    return Files.newInputStream(pathOf(blobId));
  }

  @Override
  public boolean exists(String blobId) {
    return Files.isRegularFile(pathOf(blobId));
  }

  @Override
  public long size(String blobId) throws IOException {
    return Files.size(pathOf(blobId));
  }

  @Override
  public boolean delete(String blobId) throws IOException {
    boolean deleted = Files.deleteIfExists(pathOf(blobId));
    if (deleted) {
      log.info("deleted blob {}", blobId);
    }
    return deleted;
  }

  @Override
  public boolean deleteUnlessReferenced(String blobId, BooleanSupplier referenced)
      throws IOException {
    BlobIds.requireValid(blobId);
    return guarded(blobId, () -> !referenced.getAsBoolean() && delete(blobId));
  }

  /** An action on blobs that may throw IOException. */
  interface GuardedAction<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code action} holding the guard of the blob's id: a lock within this process and an
   * exclusive file lock in {@code <dataDir>/blob-locks/}, which covers other processes on the same
   * data directory. Ids sharing their first two hex digits share a guard.
   */
  <T> T guarded(String blobId, GuardedAction<T> action) throws IOException {
    String stripe = blobId.substring(0, 2);
    ReentrantLock lock = stripes[Integer.parseInt(stripe, 16)];
    lock.lock();
    try (FileChannel channel =
            FileChannel.open(
                locks.resolve(stripe + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      return action.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves a fully written, fsynced temp file into place under its id. When the blob exists already
   * the temp file is discarded (same id, same bytes) and the blob's modification time refreshed, so
   * that a collector with a grace period does not remove a blob just committed.
   */
  void publish(Path temp, String blobId) throws IOException {
    Path target = pathOf(blobId);
    Path shard = target.getParent();
    boolean newShard = !Files.isDirectory(shard);
    Files.createDirectories(shard);
    if (Files.exists(target)) {
      Files.delete(temp);
      Files.setLastModifiedTime(target, FileTime.fromMillis(System.currentTimeMillis()));
      log.debug("blob {} exists already; duplicate discarded", blobId);
      return;
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.delete(temp);
    }
    syncDirectory(shard);
    if (newShard) {
      syncDirectory(shard.getParent());
      syncDirectory(root);
    }
  }

  /** Makes a directory's entries durable; best effort, as Windows cannot fsync directories. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      log.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  private int removeTempFiles() throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
      for (Path file : files) {
        if (Files.deleteIfExists(file)) {
          removed++;
        }
      }
    }
    return removed;
  }
}

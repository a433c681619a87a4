package org.courseport.server.storage.blob;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Consumer;
import org.courseport.server.domain.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A blob being written into a temporary file of a {@link FileSystemBlobStore}. */
final class FileBlobWriter implements BlobStore.BlobWriter {
  private static final Logger log = LoggerFactory.getLogger(FileBlobWriter.class);

  private enum State {
    OPEN,
    COMMITTED,
    DISCARDED
  }

  private final FileSystemBlobStore store;
  private final Path temp;
  private final FileChannel channel;
  private final HashingFileOutputStream out;
  private State state = State.OPEN;

  FileBlobWriter(FileSystemBlobStore store, Path temp) throws IOException {
    this.store = store;
    this.temp = temp;
    this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    this.out = new HashingFileOutputStream(channel, store.background());
  }

  @Override
  public OutputStream stream() {
    return out;
  }

  @Override
  public long size() {
    return out.size();
  }

  @Override
  public void append(FileChannel source) throws IOException {
    out.append(source);
  }

  @Override
  public synchronized String commit(Consumer<String> recordReference) throws IOException {
    if (state != State.OPEN) {
      String already = state.name().toLowerCase(Locale.ROOT);
      throw new IllegalStateException("blob writer is already " + already);
    }
    try {
      String id = out.finish();
      channel.force(true);
      channel.close();
      store.guarded(
          id,
          () -> {
            store.publish(temp, id);
            state = State.COMMITTED;
            recordReference.accept(id);
            return null;
          });
      log.debug("committed blob {} ({} bytes)", id, out.size());
      return id;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (state != State.OPEN) {
      return;
    }
    state = State.DISCARDED;
    try {
      out.abort();
      channel.close();
    } finally {
      Files.deleteIfExists(temp);
    }
    log.debug("discarded uncommitted blob ({} bytes)", out.size());
  }
}

package org.courseport.server.storage.blob;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

/**
 * Random read access to a GridFS file: a read at a position fetches the chunk holding it by its
 * index ({@code files_id}, {@code n}) and keeps that one chunk for the reads that follow.
 */
final class GridFsChannel implements SeekableByteChannel {
  private final MongoCollection<Document> chunks;
  private final ObjectId fileId;
  private final long length;
  private final int chunkSize;
  private final String blobId;
  private long position;
  private boolean open = true;
  private int cachedIndex = -1;
  private byte[] cached;

  GridFsChannel(
      MongoCollection<Document> chunks,
      ObjectId fileId,
      long length,
      int chunkSize,
      String blobId) {
    this.chunks = chunks;
    this.fileId = fileId;
    this.length = length;
    this.chunkSize = chunkSize;
    this.blobId = blobId;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= length) {
      return -1;
    }
    int total = 0;
    while (dst.hasRemaining() && position < length) {
      int index = (int) (position / chunkSize);
      byte[] chunk = chunk(index);
      int offset = (int) (position - (long) index * chunkSize);
      int n = Math.min(dst.remaining(), chunk.length - offset);
      if (n <= 0) {
        throw new IOException("chunk " + index + " of blob " + blobId + " is short");
      }
      dst.put(chunk, offset, n);
      position += n;
      total += n;
    }
    return total;
  }

  private byte[] chunk(int index) throws IOException {
    if (index == cachedIndex) {
      return cached;
    }
    Document doc;
    try {
      doc =
          chunks.find(Filters.and(Filters.eq("files_id", fileId), Filters.eq("n", index))).first();
    } catch (MongoException e) {
      throw new IOException("cannot read chunk " + index + " of blob " + blobId, e);
    }
    if (doc == null) {
      throw new IOException("chunk " + index + " of blob " + blobId + " is missing (deleted?)");
    }
    Object data = doc.get("data");
    if (!(data instanceof Binary binary)) {
      throw new IOException("chunk " + index + " of blob " + blobId + " holds no binary data");
    }
    long expected = Math.min(chunkSize, length - (long) index * chunkSize);
    if (binary.getData().length != expected) {
      throw new IOException(
          "chunk "
              + index
              + " of blob "
              + blobId
              + " has "
              + binary.getData().length
              + " bytes, expected "
              + expected);
    }
    cached = binary.getData();
    cachedIndex = index;
    return cached;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public synchronized long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public synchronized SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public synchronized long size() throws IOException {
    ensureOpen();
    return length;
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public synchronized void close() {
    open = false;
    cached = null;
  }

  private void ensureOpen() throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}

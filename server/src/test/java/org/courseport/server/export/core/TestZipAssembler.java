package org.courseport.server.export.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ZipAssembler;

/**
 * A simple deterministic assembler for the core tests (the real one lives in export.zip): entries
 * in plan order with a fixed time, deflated or stored as planned, into the blob store. Counts its
 * calls and runs {@link #beforeWrite} first, so tests can hold writers at a latch.
 */
final class TestZipAssembler implements ZipAssembler {
  private static final long FIXED_TIME = 315_532_800_000L; // 1980-01-01T00:00:00Z

  final AtomicInteger calls = new AtomicInteger();
  volatile Runnable beforeWrite = () -> {};
  volatile StoredZip last;
  private final BlobStore blobs;

  TestZipAssembler(BlobStore blobs) {
    this.blobs = blobs;
  }

  @Override
  public StoredZip write(ExportPlan plan) throws IOException {
    calls.incrementAndGet();
    beforeWrite.run();
    try (BlobStore.BlobWriter writer = blobs.newWriter()) {
      OutputStream out = writer.stream();
      ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out);
      for (ExportEntry entry : plan.entries()) {
        byte[] bytes;
        try (InputStream in = entry.content().open()) {
          bytes = in.readAllBytes();
        }
        ZipArchiveEntry z = new ZipArchiveEntry(entry.path());
        z.setTime(FIXED_TIME);
        if (entry.compress()) {
          z.setMethod(ZipArchiveEntry.DEFLATED);
        } else {
          CRC32 crc = new CRC32();
          crc.update(bytes);
          z.setMethod(ZipArchiveEntry.STORED);
          z.setSize(bytes.length);
          z.setCompressedSize(bytes.length);
          z.setCrc(crc.getValue());
        }
        zip.putArchiveEntry(z);
        zip.write(bytes);
        zip.closeArchiveEntry();
      }
      zip.finish();
      out.flush();
      long size = writer.size();
      String id = writer.commit();
      last = new StoredZip(id, id, size);
      return last;
    }
  }
}

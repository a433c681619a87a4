package org.courseport.server.content;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.Sha256;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.packaging.MediaPackages;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.transcoding.core.stream.ByteRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET|HEAD /s/{token}/c/{path}}: one file of the stored package, read through the
 * zip's central directory (nothing is extracted), with a single byte range (a STORED entry is read
 * from the range's start by seeking; a compressed one is inflated and the bytes before the range
 * skipped), an entity tag (blob id + path hash) honoured by If-None-Match and If-Range, private
 * caching, and the package CSP. Small files are read at once; larger ones are streamed in 64 KiB
 * chunks as the client takes them, never held whole in the heap. Runs on a blocking thread.
 */
final class PackageFileResponder {
  private static final Logger log = LoggerFactory.getLogger(PackageFileResponder.class);

  /** Files up to this size are read into one buffer; larger ones are streamed. */
  static final int SMALL_FILE_BYTES = 256 * 1024;

  static final int CHUNK_BYTES = 64 * 1024;

  private final OpenPackages packages;
  private final long maxAgeSeconds;

  PackageFileResponder(OpenPackages packages, long maxAgeSeconds) {
    this.packages = packages;
    this.maxAgeSeconds = maxAgeSeconds;
  }

  HttpResponse serve(
      ServiceRequestContext ctx, HttpRequest req, CourseVersion version, String rawPath)
      throws IOException {
    PackagePaths.Result parsed = PackagePaths.parse(rawPath);
    if (parsed instanceof PackagePaths.Refused refused) {
      return Pages.text(HttpStatus.BAD_REQUEST, refused.message());
    }
    if (parsed instanceof PackagePaths.Folder) {
      return Pages.text(HttpStatus.NOT_FOUND, "Not found: folders are not listed");
    }
    String path = ((PackagePaths.Path) parsed).path();
    if (version.blobId() == null
        || MediaPackages.FORMAT.equals(version.description().packageFormat())) {
      return Pages.text(HttpStatus.NOT_FOUND, "This course has no package files");
    }
    OpenPackage.Lease lease;
    try {
      lease = packages.acquire(version.blobId());
    } catch (DomainException e) {
      log.warn("Stored package {} cannot be served: {}", version.blobId(), e.getMessage());
      return Pages.text(HttpStatus.INTERNAL_SERVER_ERROR, "The package cannot be read");
    }
    boolean handedOver = false;
    try {
      ArchiveEntry entry = lease.pkg().find(path).orElse(null);
      if (entry == null) {
        return Pages.text(HttpStatus.NOT_FOUND, "The package has no file '" + path + "'");
      }
      String etag = etag(version.blobId(), entry.path());
      ResponseHeadersBuilder headers = fileHeaders(entry, etag);
      if (matches(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
        return HttpResponse.of(headers.status(HttpStatus.NOT_MODIFIED).build());
      }
      long size = entry.size();
      ByteRange range = null;
      String rangeHeader = req.headers().get(HttpHeaderNames.RANGE);
      String ifRange = req.headers().get(HttpHeaderNames.IF_RANGE);
      ByteRange.Request wanted = ByteRange.Request.parse(rangeHeader);
      if (wanted != null && (ifRange == null || ifRange.strip().equals(etag))) {
        range = wanted.resolve(size);
        if (range == null) {
          return HttpResponse.of(
              headers
                  .status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                  .set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size)
                  .contentType(com.linecorp.armeria.common.MediaType.PLAIN_TEXT_UTF_8)
                  .build(),
              HttpData.ofUtf8(
                  "The range '" + rangeHeader + "' is outside the file's " + size + " bytes\n"));
        }
      }
      long start = range == null ? 0 : range.start();
      long length = range == null ? size : range.length();
      if (range != null) {
        headers
            .status(HttpStatus.PARTIAL_CONTENT)
            .set(HttpHeaderNames.CONTENT_RANGE, range.contentRange());
      }
      headers.setLong(HttpHeaderNames.CONTENT_LENGTH, length);
      if (req.method() == HttpMethod.HEAD) {
        return HttpResponse.of(headers.build());
      }
      InputStream in = open(lease.pkg(), entry, start, length, range == null);
      if (length <= SMALL_FILE_BYTES) {
        try (in) {
          byte[] bytes = range == null ? in.readAllBytes() : in.readNBytes((int) length);
          if (bytes.length != length) {
            throw new IOException(
                "the entry ended after " + bytes.length + " of " + length + " bytes");
          }
          return HttpResponse.of(headers.build(), HttpData.wrap(bytes));
        }
      }
      InputStream body = new LeasedStream(in, lease);
      handedOver = true;
      ctx.clearRequestTimeout();
      ctx.log().whenComplete().thenRun(() -> closeQuietly(body));
      return HttpResponse.of(
          headers.build(),
          StreamMessage.builder(body)
              .executor(ctx.blockingTaskExecutor())
              .bufferSize(CHUNK_BYTES)
              .build());
    } finally {
      if (!handedOver) {
        lease.close();
      }
    }
  }

  /**
   * The bytes {@code [start, start + length)}: a whole file through the checked stream (size and
   * CRC-32); a part of a STORED file by seeking; a part of a compressed file by inflating and
   * skipping what comes before it.
   */
  private static InputStream open(
      OpenPackage pkg, ArchiveEntry entry, long start, long length, boolean whole)
      throws IOException {
    if (whole) {
      return pkg.archive().open(entry);
    }
    var stored = pkg.archive().openStoredRange(entry, start, length);
    if (stored.isPresent()) {
      return stored.get();
    }
    InputStream in = pkg.archive().open(entry);
    try {
      skipFully(in, start);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return new Bounded(in, length);
  }

  private static void skipFully(InputStream in, long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(CHUNK_BYTES, Math.max(n, 1))];
    long left = n;
    while (left > 0) {
      int read = in.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (read < 0) {
        throw new IOException("the entry ended before the range");
      }
      left -= read;
    }
  }

  private ResponseHeadersBuilder fileHeaders(ArchiveEntry entry, String etag) {
    return ResponseHeaders.builder(HttpStatus.OK)
        .add(HttpHeaderNames.CONTENT_TYPE, ContentTypes.of(entry.path()))
        .add(HttpHeaderNames.ETAG, etag)
        .add(HttpHeaderNames.CACHE_CONTROL, "private, max-age=" + maxAgeSeconds)
        .add(HttpHeaderNames.ACCEPT_RANGES, "bytes")
        .add("x-content-type-options", "nosniff")
        .add("content-security-policy", ContentHeaders.PACKAGE_CSP)
        .add("referrer-policy", ContentHeaders.PACKAGE_REFERRER_POLICY);
  }

  /** A strong tag: a stored package's bytes never change, so blob + path names the bytes. */
  static String etag(String blobId, String path) {
    byte[] digest = Sha256.newDigest().digest(path.getBytes(StandardCharsets.UTF_8));
    String pathHash = Sha256.hex(digest).substring(0, 16);
    return "\"" + blobId.substring(0, Math.min(24, blobId.length())) + "-" + pathHash + "\"";
  }

  /** Whether an If-None-Match value ({@code *}, a list, weak tags) matches {@code etag}. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      log.debug("Closing a package file stream failed: {}", e.toString());
    }
  }

  /** The first {@code length} bytes of a stream. */
  private static final class Bounded extends FilterInputStream {
    private long left;

    Bounded(InputStream in, long length) {
      super(in);
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }
  }

  /** A file stream that gives its package lease back when closed (once, from any thread). */
  private static final class LeasedStream extends FilterInputStream {
    private final OpenPackage.Lease lease;
    private final AtomicBoolean closed = new AtomicBoolean();

    LeasedStream(InputStream in, OpenPackage.Lease lease) {
      super(in);
      this.lease = lease;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (closed.get()) {
        return -1;
      }
      return in.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (closed.compareAndSet(false, true)) {
        try {
          in.close();
        } finally {
          lease.close();
        }
      }
    }
  }
}

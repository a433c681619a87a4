package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stored-bytes quota on a SCORM Cloud upload whose size is not declared (a chunked body, no
 * Content-Length): it is refused while its body streams in, as soon as the bytes received pass the
 * quota, and nothing of it is kept.
 */
class ImportUploadQuotaRestTest {
  private static final int MAX_BYTES = 2 << 20;

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_QUOTA_MAX_BYTES", Integer.toString(MAX_BYTES));

  @Test
  void chunkedUploadOverTheBytesQuota_isRefusedWhileItStreams_andNothingIsKept() throws Exception {
    String key = server.newTenant();
    List<Path> blobsBefore = server.filesUnder("blobs");
    String boundary = "Boundary_quota_1";
    try (Socket socket = new Socket("127.0.0.1", server.http().getPort())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v2/courses/importJobs/upload?courseId=over-quota HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\n"
                  + "Authorization: "
                  + CourseportServerExtension.basic(key)
                  + "\r\nContent-Type: multipart/form-data;boundary="
                  + boundary
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      chunk(
          out,
          ("--"
                  + boundary
                  + "\r\nContent-Type: application/zip\r\n"
                  + "Content-Disposition: form-data; name=\"file\"; filename=\"big.zip\"\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      // Three times the quota, and then the body stays open: the answer can only come from a
      // check made while the bytes stream in, never from one after the whole body.
      Thread sender =
          new Thread(
              () -> {
                byte[] bytes = new byte[64 * 1024];
                Random random = new Random(5);
                try {
                  for (int sent = 0; sent < 3 * MAX_BYTES; sent += bytes.length) {
                    random.nextBytes(bytes);
                    chunk(out, bytes);
                  }
                } catch (IOException e) {
                  // the server stopped reading: refused
                }
              },
              "chunked-sender");
      sender.setDaemon(true);
      sender.start();

      String answer = readAnswer(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 403 ");
      JsonNode body = TestHttp.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(body.path("message").asText()).contains("Storage quota exceeded");
    }

    // Nothing of the body kept: no new blob, no temp file, no course.
    assertThat(server.filesUnder("blobs")).containsExactlyInAnyOrderElementsOf(blobsBefore);
    assertThat(server.filesUnder("blobs/tmp")).isEmpty();
    assertThat(ScormCloudRest.basic(server, key).get("/courses/over-quota").status())
        .as("no course was imported")
        .isEqualTo(404);
  }

  private static void chunk(OutputStream out, byte[] bytes) throws IOException {
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads the head and the body (by its Content-Length, else until the connection closes). */
  private static String readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      got.write(b);
      String text = got.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at >= 0) {
          int eol = head.indexOf("\r\n", at);
          long length =
              Long.parseLong(head.substring(at + 15, eol < 0 ? head.length() : eol).trim());
          if (got.size() - end - 4 >= length) {
            return text;
          }
        }
      }
    }
    return got.toString(StandardCharsets.UTF_8);
  }
}

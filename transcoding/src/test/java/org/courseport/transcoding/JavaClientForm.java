package org.courseport.transcoding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The multipart body the official SCORM Cloud Java client (Jersey 2) sends for an upload, byte for
 * byte: part headers Content-Type then Content-Disposition with {@code size=}, {@code file} first
 * and {@code contentMetadata} after it.
 */
final class JavaClientForm {

  static final String BOUNDARY = "Boundary_1_1786418375_1700000000000";
  static final String CONTENT_TYPE = "multipart/form-data;boundary=" + BOUNDARY;

  private JavaClientForm() {}

  /** Everything up to and including the blank line before the file's bytes. */
  static byte[] fileHead(String fileName, long size) {
    return ascii(
        "--"
            + BOUNDARY
            + "\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Disposition: form-data; filename=\""
            + fileName
            + "\"; size="
            + size
            + "; name=\"file\"\r\n\r\n");
  }

  /** Everything after the file's bytes: the optional contentMetadata part and the close. */
  static byte[] tail(String contentMetadataJson) {
    String metadata =
        contentMetadataJson == null
            ? ""
            : "--"
                + BOUNDARY
                + "\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Disposition: form-data; name=\"contentMetadata\"\r\n\r\n"
                + contentMetadataJson
                + "\r\n";
    return ascii("\r\n" + metadata + "--" + BOUNDARY + "--\r\n");
  }

  /** A whole form. */
  static byte[] body(String fileName, byte[] file, String contentMetadataJson) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(fileHead(fileName, file.length));
    out.writeBytes(file);
    out.writeBytes(tail(contentMetadataJson));
    return out.toByteArray();
  }

  /** The request head Jersey writes, for a raw socket. */
  static String requestHead(String pathAndQuery, int contentLength) {
    return "POST "
        + pathAndQuery
        + " HTTP/1.1\r\n"
        + "Accept: application/json\r\n"
        + "uploadedContentType: application/zip\r\n"
        + "Authorization: "
        + FakeAuthInterceptor.GOOD
        + "\r\n"
        + "User-Agent: Swagger-Codegen/4.0.0/java\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: "
        + CONTENT_TYPE
        + "\r\n"
        + "Host: localhost\r\n"
        + "Connection: close\r\n"
        + "Content-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}

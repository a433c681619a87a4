package org.courseport.server.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a {@code multipart/form-data} body part by part, as browsers and curl send it. */
public final class Multipart {
  public static final String BOUNDARY = "----courseportTestBoundary7MA4YWxk";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public Multipart field(String name, String value) {
    head("Content-Disposition: form-data; name=\"" + name + "\"\r\n");
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  public Multipart file(String name, String filename, String contentType, byte[] bytes) {
    head(
        "Content-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + filename
            + "\"\r\n"
            + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n"));
    out.writeBytes(bytes);
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  private void head(String headers) {
    out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  public byte[] build() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(out.toByteArray());
    body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return body.toByteArray();
  }

  public static String contentType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }
}

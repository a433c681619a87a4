package org.courseport.transcoding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small test helpers: JSON trees for exact body comparison, and raw HTTP/1.1 over a socket. */
public final class Http {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern CONTENT_LENGTH =
      Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)\r\n");

  private Http() {}

  /** Parses an expectation written with single quotes for readability. */
  public static JsonNode json(String text) {
    return strictJson(text.replace('\'', '"'));
  }

  /** Parses JSON as it is. */
  public static JsonNode strictJson(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Not JSON: " + text, e);
    }
  }

  /**
   * Sends a raw HTTP/1.1 request (exact bytes: path with {@code //}, header spelling) and returns
   * the raw response text; the response is read by its Content-Length.
   */
  public static String raw(int port, String requestHead, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return readResponse(socket.getInputStream());
    }
  }

  /** Reads one response: the head, then Content-Length bytes (none without the header). */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    Matcher length = CONTENT_LENGTH.matcher(head);
    int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
    return head + new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
  }

  /** The body of a raw response (after the blank line). */
  public static String rawBody(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }
}

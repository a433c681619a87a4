package org.courseport.client.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Prints messages as the JSON of the API (camelCase names, fields without presence included). */
final class Json {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

  private Json() {}

  static void print(MessageOrBuilder message, PrintWriter out) {
    try {
      out.println(PRINTER.print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException(new IOException("cannot print as JSON: " + e.getMessage(), e));
    }
  }
}

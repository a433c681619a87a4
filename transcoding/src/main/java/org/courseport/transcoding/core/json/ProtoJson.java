package org.courseport.transcoding.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.DebugInfo;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Help;
import com.google.rpc.LocalizedMessage;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RequestInfo;
import com.google.rpc.ResourceInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of protobuf messages on REST: lowerCamel json names, enums by name, fields without
 * presence always printed (0, "", [], false), {@code optional} fields and messages only when set,
 * Timestamps in RFC 3339 with {@code Z}, 64-bit integers as JSON numbers (as the REST dialects
 * document them), unknown input fields ignored.
 */
public final class ProtoJson {

  private static final JsonFormat.TypeRegistry ERROR_DETAILS =
      JsonFormat.TypeRegistry.newBuilder()
          .add(ErrorInfo.getDescriptor())
          .add(BadRequest.getDescriptor())
          .add(PreconditionFailure.getDescriptor())
          .add(QuotaFailure.getDescriptor())
          .add(RetryInfo.getDescriptor())
          .add(ResourceInfo.getDescriptor())
          .add(RequestInfo.getDescriptor())
          .add(Help.getDescriptor())
          .add(LocalizedMessage.getDescriptor())
          .add(DebugInfo.getDescriptor())
          .build();

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer()
          .alwaysPrintFieldsWithNoPresence()
          .omittingInsignificantWhitespace()
          .usingTypeRegistry(ERROR_DETAILS);

  private static final JsonFormat.Printer SNAKE_CASE_PRINTER = PRINTER.preservingProtoFieldNames();

  private static final ObjectMapper TREE_READER = new ObjectMapper();

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private ProtoJson() {}

  /** The marshaller of a gRPC service of the front (framed JSON and transcoded REST). */
  public static GrpcJsonMarshaller marshaller(JsonNaming naming) {
    return new Marshalling(naming);
  }

  /** Prints a message (also an {@code Any} holding a google.rpc error detail) as compact JSON. */
  public static String print(MessageOrBuilder message) {
    return print(message, JsonNaming.LOWER_CAMEL);
  }

  /** Prints a message as compact JSON with the given field naming. */
  public static String print(MessageOrBuilder message, JsonNaming naming) {
    JsonFormat.Printer printer = naming == JsonNaming.SNAKE_CASE ? SNAKE_CASE_PRINTER : PRINTER;
    try {
      String json = JsonEscapes.unescapeHtmlSafe(printer.print(message));
      json = Int64Numbers.rewrite(json, message.getDescriptorForType(), naming);
      return StructNumbers.rewrite(json, message.getDescriptorForType(), naming);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Cannot print " + message.getClass().getName(), e);
    }
  }

  /** Armeria's JSON marshaller hook, backed by {@link #print} and the lenient parser. */
  private static final class Marshalling implements GrpcJsonMarshaller {

    private final JsonNaming naming;

    Marshalling(JsonNaming naming) {
      this.naming = naming;
    }

    @Override
    public <T> void serializeMessage(Marshaller<T> marshaller, T message, OutputStream os)
        throws IOException {
      os.write(print((MessageOrBuilder) message, naming).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public <T> T deserializeMessage(Marshaller<T> marshaller, InputStream is) throws IOException {
      Message prototype = (Message) ((PrototypeMarshaller<T>) marshaller).getMessagePrototype();
      Message.Builder builder = prototype.newBuilderForType();
      byte[] bytes = readAll(is);
      String json = new String(bytes, StandardCharsets.UTF_8);
      JsonNode tree;
      try {
        tree = TREE_READER.readTree(bytes);
      } catch (JsonProcessingException e) {
        tree = null; // Malformed JSON: the parser below reports it.
      }
      if (tree != null) {
        StrictJsonTypes.check(tree, prototype.getDescriptorForType());
      }
      PARSER.merge(json, builder);
      @SuppressWarnings("unchecked")
      T parsed = (T) builder.build();
      return parsed;
    }
  }

  /**
   * The stream's bytes. Armeria hands over the deframed message as a stream that knows its length:
   * reading exactly that many bytes spares {@link InputStream#readAllBytes}'s 16 KiB scratch buffer
   * and its copy on every request; any further bytes (a stream that does not know) are appended.
   */
  static byte[] readAll(InputStream is) throws IOException {
    int known = is.available();
    if (known <= 0) {
      return is.readAllBytes();
    }
    byte[] bytes = new byte[known];
    int read = is.readNBytes(bytes, 0, known);
    int next = read == known ? is.read() : -1;
    if (read == known && next < 0) {
      return bytes;
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream(read + 1024);
    all.write(bytes, 0, read);
    if (next >= 0) {
      all.write(next);
      is.transferTo(all);
    }
    return all.toByteArray();
  }
}

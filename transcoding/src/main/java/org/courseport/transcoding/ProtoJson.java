package org.courseport.transcoding;

import com.google.protobuf.InvalidProtocolBufferException;
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
import java.util.function.Function;

/**
 * The JSON form of protobuf messages on REST: lowerCamel json names, enums by name, fields without
 * presence always printed (0, "", [], false), {@code optional} fields and messages only when set,
 * Timestamps in RFC 3339 with {@code Z}, unknown input fields ignored.
 */
final class ProtoJson {

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

  private ProtoJson() {}

  /** The printer customisation, applied to Armeria's protobuf-java-util based marshaller. */
  static JsonFormat.Printer customize(JsonFormat.Printer printer) {
    return printer.alwaysPrintFieldsWithNoPresence().usingTypeRegistry(ERROR_DETAILS);
  }

  /** The marshaller for every gRPC service of the front (framed JSON and transcoded REST). */
  static GrpcJsonMarshaller marshaller() {
    // Typed as Functions: the builder's deprecated Consumer overloads would drop the new instance.
    Function<JsonFormat.Printer, JsonFormat.Printer> printer = ProtoJson::customize;
    Function<JsonFormat.Parser, JsonFormat.Parser> parser = JsonFormat.Parser::ignoringUnknownFields;
    return GrpcJsonMarshaller.builderForGson()
        .jsonPrinterCustomizer(printer)
        .jsonParserCustomizer(parser)
        .build();
  }

  /** Prints a message (also an {@code Any} holding a google.rpc error detail) as compact JSON. */
  static String print(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Cannot print " + message.getClass().getName(), e);
    }
  }
}

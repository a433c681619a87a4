package org.courseport.server.grpc.course;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.courseport.api.v1.XapiStatement;
import org.courseport.api.v1.XapiStatementResult;
import org.courseport.server.domain.xapi.StatementPage;
import org.courseport.server.domain.xapi.StoredStatement;

/**
 * Stored xAPI 1.0.2 statements to SCORM Cloud's {@code XapiStatementResult}: the polymorphic {@code
 * object} becomes {@code objectActivity} (an activity is the only object Courseport records), and
 * members the schema does not model (extensions, choices, ...) are left out.
 */
final class StatementProtoMapper {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private StatementProtoMapper() {}

  static XapiStatementResult page(StatementPage page) {
    XapiStatementResult.Builder b = XapiStatementResult.newBuilder();
    page.statements().forEach(s -> b.addStatements(statement(s)));
    if (page.more() != null) {
      b.setMore(page.more());
    }
    return b.build();
  }

  static XapiStatement statement(StoredStatement stored) {
    try {
      JsonNode node = JSON.readTree(stored.json());
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalStateException("statement " + stored.id() + " is not a JSON object");
      }
      JsonNode target = object.remove("object");
      if (target != null) {
        object.set("objectActivity", target);
      }
      XapiStatement.Builder b = XapiStatement.newBuilder();
      PARSER.merge(JSON.writeValueAsString(object), b);
      if (b.getId().isEmpty()) {
        b.setId(stored.id());
      }
      if (!b.hasStored()) {
        b.setStored(CourseProtoMapper.timestamp(stored.stored()));
      }
      return b.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored statement " + stored.id() + " is not xAPI", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

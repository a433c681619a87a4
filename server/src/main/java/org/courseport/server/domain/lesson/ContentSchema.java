package org.courseport.server.domain.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The lesson content JSON Schema ({@code docs/lesson-content.schema.json}, draft 2020-12, bundled
 * from {@code docs/} at build time) and its validator (networknt json-schema-validator). Problems
 * are reported with the JSON pointer of the offending value.
 */
public final class ContentSchema {

  /** The class-path location of the schema (next to this class). */
  static final String RESOURCE = "lesson-content.schema.json";

  private static final ContentSchema INSTANCE = load();

  private final Schema schema;
  private final JsonNode document;

  private ContentSchema(Schema schema, JsonNode document) {
    this.schema = schema;
    this.document = document;
  }

  /** The schema bundled with the server. */
  public static ContentSchema bundled() {
    return INSTANCE;
  }

  /** The schema document itself. */
  public JsonNode document() {
    return document;
  }

  /** The problems of a content document ({@code "/blocks/2/alt: required ..."}), none if valid. */
  public List<String> problems(JsonNode content) {
    List<Error> errors = schema.validate(content);
    return errors.stream().map(ContentSchema::describe).distinct().toList();
  }

  private static String describe(Error error) {
    String pointer = error.getInstanceLocation().toString();
    String message = error.getMessage();
    return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
  }

  private static ContentSchema load() {
    try (InputStream in = ContentSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The lesson content schema is not on the class path");
      }
      JsonNode document = new ObjectMapper().readTree(in);
      SchemaRegistryConfig config =
          SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build();
      SchemaRegistry registry =
          SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config));
      return new ContentSchema(registry.getSchema(document), document);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the lesson content schema", e);
    }
  }
}

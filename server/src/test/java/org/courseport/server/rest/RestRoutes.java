package org.courseport.server.rest;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every REST route of the front, as the tests call it: the {@code google.api.http} bindings of
 * every bound method (read from the descriptors, so a new binding is covered at once) and the
 * hand-written routes (uploads, downloads, signed URLs), each with a sample request and the RPC it
 * ends in.
 */
public final class RestRoutes {

  /** A sample string id; a UUID, so that routes that check the id's form let it through. */
  public static final String SAMPLE_ID = "0f0e0d0c-0b0a-4908-8706-050403020100";

  /**
   * One route and one request to it.
   *
   * @param method HTTP method
   * @param pattern the route's path pattern, {@code {name}} for variables
   * @param path a concrete request path (with query)
   * @param contentType the request body's type, or null without a body
   * @param body the request body, or null
   * @param rpc full name of the gRPC method the route ends in
   * @param handWritten whether the route is hand-written (not a transcoded binding)
   */
  public record Route(
      String method,
      String pattern,
      String path,
      String contentType,
      byte[] body,
      String rpc,
      boolean handWritten) {
    @Override
    public String toString() {
      return method + " " + path + " -> " + rpc;
    }
  }

  private RestRoutes() {}

  /** The transcoded bindings of the services, then the hand-written routes. */
  public static List<Route> all(List<ServerServiceDefinition> services) {
    List<Route> out = new ArrayList<>(transcoded(services));
    out.addAll(handWritten());
    return out;
  }

  /** One route per {@code google.api.http} binding (additional bindings included). */
  public static List<Route> transcoded(List<ServerServiceDefinition> services) {
    List<Route> out = new ArrayList<>();
    for (ServerServiceDefinition def : services) {
      Object schema = def.getServiceDescriptor().getSchemaDescriptor();
      if (!(schema instanceof ProtoServiceDescriptorSupplier supplier)) {
        continue;
      }
      ServiceDescriptor service = supplier.getServiceDescriptor();
      for (MethodDescriptor m : service.getMethods()) {
        if (!m.getOptions().hasExtension(AnnotationsProto.http)) {
          continue;
        }
        HttpRule rule = m.getOptions().getExtension(AnnotationsProto.http);
        List<HttpRule> rules = new ArrayList<>();
        rules.add(rule);
        rules.addAll(rule.getAdditionalBindingsList());
        for (HttpRule r : rules) {
          out.add(route(m, r));
        }
      }
    }
    return out;
  }

  private static Route route(MethodDescriptor m, HttpRule r) {
    String verb;
    String template;
    switch (r.getPatternCase()) {
      case GET -> {
        verb = "GET";
        template = r.getGet();
      }
      case POST -> {
        verb = "POST";
        template = r.getPost();
      }
      case PUT -> {
        verb = "PUT";
        template = r.getPut();
      }
      case PATCH -> {
        verb = "PATCH";
        template = r.getPatch();
      }
      case DELETE -> {
        verb = "DELETE";
        template = r.getDelete();
      }
      case CUSTOM -> {
        verb = r.getCustom().getKind().toUpperCase(Locale.ROOT);
        template = r.getCustom().getPath();
      }
      default -> throw new IllegalStateException("No pattern in " + m.getFullName());
    }
    String path = samplePath(template, m.getInputType());
    String body = null;
    if (!r.getBody().isEmpty()) {
      body = r.getBody().equals("*") ? "{}" : sampleBody(m.getInputType(), r.getBody());
    }
    String rpc = m.getService().getFullName() + "/" + m.getName();
    return new Route(
        verb,
        template,
        path,
        body == null ? null : "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        rpc,
        false);
  }

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}=]+)(=([^}]*))?}");

  /** The template with every variable filled by a sample of its field's type. */
  static String samplePath(String template, Descriptor input) {
    Matcher v = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (v.find()) {
      FieldDescriptor field = field(input, v.group(1));
      String sample =
          switch (field.getJavaType()) {
            case INT, LONG -> "1";
            default -> v.group(3) != null && v.group(3).contains("**") ? "a/b" : SAMPLE_ID;
          };
      v.appendReplacement(out, Matcher.quoteReplacement(sample));
    }
    v.appendTail(out);
    return out.toString();
  }

  private static String sampleBody(Descriptor input, String fieldPath) {
    FieldDescriptor f = field(input, fieldPath);
    if (f.isRepeated()) {
      return "[]";
    }
    return switch (f.getJavaType()) {
      case MESSAGE -> "{}";
      case STRING -> "\"x\"";
      case BOOLEAN -> "false";
      case ENUM -> "\"" + f.getEnumType().getValues().get(0).getName() + "\"";
      default -> "0";
    };
  }

  private static FieldDescriptor field(Descriptor type, String path) {
    Descriptor current = type;
    FieldDescriptor f = null;
    for (String part : path.split("\\.")) {
      f = current.findFieldByName(part);
      if (f == null) {
        throw new IllegalStateException("No field " + path + " in " + type.getFullName());
      }
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        current = f.getMessageType();
      }
    }
    return f;
  }

  private static final String C = "courseport.v1.";
  private static final String BOUNDARY = "scopes-boundary";

  /** The hand-written routes, each with a well-formed sample request. */
  public static List<Route> handWritten() {
    String id = SAMPLE_ID;
    String lessonVersion = "/api/lessons/" + id + "/versions/" + id;
    List<Route> out = new ArrayList<>();
    out.add(
        hand(
            "POST",
            "/api/v2/courses/importJobs/upload",
            "/api/v2/courses/importJobs/upload?courseId=scopes-upload",
            multipartType(),
            multipart("file", "course.zip", "application/zip", new byte[] {'P', 'K'}),
            C + "CourseService/CreateUploadAndImportCourseJob"));
    for (String target : new String[] {"zip", "asset"}) {
      String rpc =
          C + "CourseService/" + (target.equals("zip") ? "GetCourseZip" : "GetCourseAsset");
      String query = target.equals("asset") ? "?relativePath=index.html" : "";
      out.add(
          hand(
              "GET",
              "/api/v2/courses/{courseId}/" + target,
              "/api/v2/courses/" + id + "/" + target + query,
              null,
              null,
              rpc));
      out.add(
          hand(
              "GET",
              "/api/v2/courses/{courseId}/versions/{versionId}/" + target,
              "/api/v2/courses/" + id + "/versions/1/" + target + query,
              null,
              null,
              rpc));
    }
    out.add(
        hand(
            "PUT",
            "/api/v1/packages/uploads/{upload_id}",
            "/api/v1/packages/uploads/" + id + "?expires=1&sig=x",
            "application/zip",
            new byte[] {'P', 'K'},
            C + "PackageService/PutUploadBytes"));
    out.add(
        hand(
            "PUT",
            "/api/v1/packages/multipart/{upload_id}/parts/{part_number}",
            "/api/v1/packages/multipart/" + id + "/parts/1?expires=1&sig=x",
            "application/octet-stream",
            new byte[] {'P', 'K'},
            C + "PackageService/PutUploadBytes"));
    out.add(
        hand(
            "POST",
            "/api/lessons/import",
            "/api/lessons/import",
            "application/zip",
            new byte[] {'P', 'K'},
            C + "LessonService/ImportLessonBundle"));
    out.add(
        hand(
            "GET",
            "/api/lessons/{lessonId}/versions/{versionId}/export-zip",
            lessonVersion + "/export-zip",
            null,
            null,
            C + "ExportService/ExportLessonVersion"));
    out.add(
        hand(
            "GET",
            "/api/lessons/{lessonId}/versions/{versionId}/export-manifest",
            lessonVersion + "/export-manifest",
            null,
            null,
            C + "ExportService/GetLessonExportManifest"));
    out.add(
        hand(
            "GET",
            "/api/lessons/{lessonId}/versions/{versionId}/export-files/{*path}",
            lessonVersion + "/export-files/index.html?tenant=t&export=e&expires=1&kid=k&sig=x",
            null,
            null,
            C + "ExportService/GetLessonExportFile"));
    out.add(
        hand(
            "POST",
            "/api/v1/media",
            "/api/v1/media",
            multipartType(),
            multipart("file", "a.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
            C + "MediaService/UploadMedia"));
    out.add(
        hand(
            "POST",
            "/api/v1/media",
            "/api/v1/media",
            "application/json",
            "{\"url\":\"https://example.org/a.png\"}".getBytes(StandardCharsets.UTF_8),
            C + "MediaService/RegisterExternalMedia"));
    out.add(
        hand(
            "GET",
            "/api/v1/media/{mediaId}/content",
            "/api/v1/media/" + id + "/content",
            null,
            null,
            C + "MediaService/GetMediaContent"));
    out.add(
        hand(
            "POST",
            "/api/v1/widgets",
            "/api/v1/widgets",
            multipartType(),
            multipart("script", "w.js", "application/javascript", "x()".getBytes()),
            C + "MediaService/UploadWidget"));
    out.add(
        hand(
            "GET",
            "/downloads/{token}",
            "/downloads/not-a-token",
            null,
            null,
            C + "ExportService/DownloadCourseExport"));
    out.add(
        hand("GET", "/go/{courseId}", "/go/" + id, null, null, C + "ExportService/GetSharePage"));
    out.add(
        hand(
            "GET",
            "/files/{token}/download",
            "/files/not-a-token/download",
            null,
            null,
            C + "ExportService/DownloadContentExport"));
    return out;
  }

  private static Route hand(
      String method, String pattern, String path, String type, byte[] body, String rpc) {
    return new Route(method, pattern, path, type, body, rpc, true);
  }

  private static String multipartType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  /** A form of one file part. */
  static byte[] multipart(String name, String fileName, String type, byte[] content) {
    String head =
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: "
            + type
            + "\r\n\r\n";
    String tail = "\r\n--" + BOUNDARY + "--\r\n";
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] t = tail.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[h.length + content.length + t.length];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(content, 0, out, h.length, content.length);
    System.arraycopy(t, 0, out, h.length + content.length, t.length);
    return out;
  }

  /**
   * The route pattern with every variable (Armeria's {@code :name}, {@code {name}}, {@code
   * {*name}}, {@code {name=…}}) as {@code *}, for comparing routes by shape.
   */
  public static String shape(String pattern) {
    String p = pattern;
    if (p.startsWith("exact:")) {
      p = p.substring(6);
    }
    if (p.startsWith("^") && p.endsWith("$")) {
      // Armeria mounts a path with an AIP custom verb ({id}:rotate) as a regex: same shape.
      p = p.substring(1, p.length() - 1).replaceAll("\\(\\?<[A-Za-z0-9_]+>\\[\\^/]\\+\\)", "*");
    }
    return p.replaceAll("\\{[^}]*}", "*").replaceAll(":\\*?[A-Za-z_][A-Za-z0-9_]*", "*");
  }
}

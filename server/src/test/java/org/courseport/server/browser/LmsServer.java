package org.courseport.server.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The test LMS: a JDK HTTP server on a free loopback port that serves scorm-again's dist bundle, an
 * LMS page per launch (the API in the top window, the package's launch page in an iframe), the
 * package's files, and records the commits scorm-again posts.
 *
 * <ul>
 *   <li>{@code GET /scorm-again/{file}.js}: a file of scorm-again's {@code dist/}
 *   <li>{@code GET /lms/{launch}}: the LMS page
 *   <li>{@code GET /content/{launch}/{path}}: a package file (404 for anything else)
 *   <li>{@code POST /commit/{launch}}: a commit; answered {@code {"result":true,"errorCode":0}}
 * </ul>
 */
final class LmsServer implements AutoCloseable {

  private static final Pattern DIST_FILE = Pattern.compile("[a-z0-9-]+(\\.min)?\\.js(\\.map)?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path scormAgainDist;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger launchCounter = new AtomicInteger();
  private final Map<String, LaunchSpec> launches = new ConcurrentHashMap<>();
  private final Map<String, List<String>> commits = new ConcurrentHashMap<>();

  /** What a launch serves. */
  record LaunchSpec(
      ScormPackage pkg, ScormRuntime runtime, String launchHref, Map<String, String> initialCmi) {}

  LmsServer(Path scormAgainDist) throws IOException {
    this.scormAgainDist = scormAgainDist;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "test-lms");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:40123}. */
  String baseUrl() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort();
  }

  /** Registers a launch and answers its id. */
  String register(LaunchSpec spec) {
    ScormPackage.checkedPath(spec.launchHref().replaceFirst("[?#].*$", ""));
    String id = "launch-" + launchCounter.incrementAndGet();
    launches.put(id, spec);
    commits.put(id, new CopyOnWriteArrayList<>());
    return id;
  }

  /** The bodies of the commits posted for a launch, in arrival order. */
  List<String> commits(String launchId) {
    return List.copyOf(commits.getOrDefault(launchId, List.of()));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.startsWith("/scorm-again/")) {
        serveDist(exchange, path.substring("/scorm-again/".length()));
      } else if (method.equals("GET") && path.startsWith("/lms/")) {
        LaunchSpec spec = launches.get(path.substring("/lms/".length()));
        if (spec == null) {
          send(exchange, 404, "text/plain", "no such launch");
        } else {
          String id = path.substring("/lms/".length());
          send(exchange, 200, "text/html; charset=utf-8", lmsPage(id, spec));
        }
      } else if (method.equals("GET") && path.startsWith("/content/")) {
        serveContent(exchange, path.substring("/content/".length()));
      } else if (method.equals("POST") && path.startsWith("/commit/")) {
        List<String> bodies = commits.get(path.substring("/commit/".length()));
        if (bodies == null) {
          send(exchange, 404, "text/plain", "no such launch");
          return;
        }
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        send(exchange, 200, "application/json", "{\"result\":true,\"errorCode\":0}");
      } else {
        send(exchange, 404, "text/plain", "not found");
      }
    }
  }

  private void serveDist(HttpExchange exchange, String name) throws IOException {
    Path file = scormAgainDist.resolve(name);
    if (!DIST_FILE.matcher(name).matches() || !Files.isRegularFile(file)) {
      send(exchange, 404, "text/plain", "not found");
      return;
    }
    send(exchange, 200, "text/javascript; charset=utf-8", Files.readAllBytes(file));
  }

  private void serveContent(HttpExchange exchange, String rest) throws IOException {
    int slash = rest.indexOf('/');
    LaunchSpec spec = slash < 0 ? null : launches.get(rest.substring(0, slash));
    if (spec == null) {
      send(exchange, 404, "text/plain", "no such launch");
      return;
    }
    String filePath = rest.substring(slash + 1);
    byte[] bytes;
    try {
      bytes = spec.pkg().file(ScormPackage.checkedPath(filePath)).orElse(null);
    } catch (IllegalArgumentException e) {
      bytes = null;
    }
    if (bytes == null) {
      send(exchange, 404, "text/plain", "no file " + filePath + " in the package");
      return;
    }
    send(exchange, 200, contentType(filePath), bytes);
  }

  private String lmsPage(String id, LaunchSpec spec) throws IOException {
    ScormRuntime runtime = spec.runtime();
    List<String> encoded = new ArrayList<>();
    String href = spec.launchHref();
    String query = "";
    int cut = indexOfAny(href, '?', '#');
    if (cut >= 0) {
      query = href.substring(cut);
      href = href.substring(0, cut);
    }
    for (String segment : href.split("/")) {
      encoded.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    String contentUrl = "/content/" + id + "/" + String.join("/", encoded) + query;
    URI.create(contentUrl); // a launch href that is no URL fails here, not in the browser
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Courseport test LMS</title>
        <script src="/scorm-again/scorm-again.js"></script>
        <script>
        (function () {
          window.cpCalls = [];
          window.cpSets = [];
          window.cpLog = [];
          var settings = {
            autocommit: false,
            logLevel: 1,
            lmsCommitUrl: %s,
            onLogMessage: function (level, message) {
              if (window.cpLog.length < 2000) { window.cpLog.push(level + ' ' + message); }
            }
          };
          var api = new window[%s](settings);
          api.loadFromFlattenedJSON(%s);
          %s.forEach(function (name) {
            api.on(name, function () { window.cpCalls.push(name); });
          });
          api.on(%s, function (element, value) { window.cpSets.push([element, String(value)]); });
          window[%s] = api;
          window.cpApi = api;
        })();
        </script>
        <style>html, body { margin: 0; height: 100%%; } iframe { border: 0; width: 100%%; height: 100%%; }</style>
        </head>
        <body>
        <iframe id="cp-content" title="course" src="%s"></iframe>
        </body>
        </html>
        """
        .formatted(
            JSON.writeValueAsString("/commit/" + id),
            JSON.writeValueAsString(runtime.apiClass()),
            JSON.writeValueAsString(spec.initialCmi()),
            JSON.writeValueAsString(runtime.methods()),
            JSON.writeValueAsString(runtime.setValue()),
            JSON.writeValueAsString(runtime.global()),
            contentUrl.replace("&", "&amp;").replace("\"", "&quot;"));
  }

  private static int indexOfAny(String text, char a, char b) {
    int i = text.indexOf(a);
    int j = text.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  static String contentType(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html", "htm" -> "text/html; charset=utf-8";
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json" -> "application/json";
      case "xml", "xsd" -> "application/xml";
      case "txt" -> "text/plain; charset=utf-8";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "gif" -> "image/gif";
      case "webp" -> "image/webp";
      case "mp3" -> "audio/mpeg";
      case "mp4" -> "video/mp4";
      case "webm" -> "video/webm";
      case "vtt" -> "text/vtt";
      case "woff2" -> "font/woff2";
      case "woff" -> "font/woff";
      case "pdf" -> "application/pdf";
      default -> "application/octet-stream";
    };
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

package org.courseport.transcoding.learningstudio;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import org.courseport.api.v1.DownloadCourseExportRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.GetSharePageRequest;
import org.courseport.api.v1.SharePage;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.stream.FileStreamer;

/**
 * The public routes of LearningStudio's course export, outside {@code /api/v1} and without
 * credentials:
 *
 * <ul>
 *   <li>{@code GET /downloads/{token}}: the stored zip of an export ({@code DownloadCourseExport})
 *       streamed with flow control, {@code Content-Length}, {@code Content-Disposition: attachment}
 *       and the zip's SHA-256 as {@code ETag}; an unknown or revoked token is 404 in the
 *       LearningStudio shape;
 *   <li>{@code GET /go/{courseId}}: the share page ({@code GetSharePage}): an HTML page with the
 *       course title, its description and the course's preview in an {@code iframe} on the content
 *       origin (the only origin the page's CSP lets it frame), or the reason no preview can be
 *       shown; a course that is not shared (or unknown) is a 404 HTML page; any other failure a 503
 *       HTML page, never a 500.
 * </ul>
 */
final class CourseExportRoutes {
  static final String DOWNLOADS = "/downloads/{token}";
  static final String SHARE = "/go/{courseId}";

  private CourseExportRoutes() {}

  static void addRoutes(ServerBuilder sb, RouteContext context) {
    sb.route()
        .path(DOWNLOADS)
        .methods(HttpMethod.GET)
        .requestTimeoutMillis(0)
        .build((ctx, req) -> download(ctx, context));
    sb.route().path(SHARE).methods(HttpMethod.GET).build((ctx, req) -> share(ctx, context));
  }

  private static HttpResponse download(ServiceRequestContext ctx, RouteContext context) {
    HttpResponseWriter writer = HttpResponse.streaming();
    ExportServiceGrpc.newStub(context.channel())
        .downloadCourseExport(
            DownloadCourseExportRequest.newBuilder().setToken(ctx.pathParam("token")).build(),
            new FileStreamer<>(writer, LearningStudioErrorRenderer.INSTANCE));
    return writer;
  }

  private static HttpResponse share(ServiceRequestContext ctx, RouteContext context) {
    CompletableFuture<HttpResponse> out = new CompletableFuture<>();
    ExportServiceGrpc.newStub(context.channel())
        .getSharePage(
            GetSharePageRequest.newBuilder().setCourseId(ctx.pathParam("courseId")).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(SharePage page) {
                out.complete(sharePage(page));
              }

              @Override
              public void onError(Throwable t) {
                RpcError error = RpcError.fromThrowable(t);
                if (error.code() == Status.Code.NOT_FOUND
                    || error.code() == Status.Code.INVALID_ARGUMENT) {
                  out.complete(
                      html(
                          HttpStatus.NOT_FOUND,
                          "Course not found",
                          "<h1>Course not found</h1>\n<p>No course is shared at this address.</p>"));
                } else {
                  out.complete(
                      html(
                          HttpStatus.SERVICE_UNAVAILABLE,
                          "Temporarily unavailable",
                          "<h1>Temporarily unavailable</h1>\n"
                              + "<p>This page cannot be shown right now; please try again later.</p>"));
                }
              }

              @Override
              public void onCompleted() {
                out.complete(
                    html(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Temporarily unavailable",
                        "<h1>Temporarily unavailable</h1>"));
              }
            });
    return HttpResponse.of(out);
  }

  /**
   * The page of a shared course: title, description, and the preview {@code iframe} (its origin is
   * the only one {@code frame-src} admits) or the reason there is none.
   */
  static HttpResponse sharePage(SharePage page) {
    String title = escape(page.getTitle());
    StringBuilder body = new StringBuilder("<h1>").append(title).append("</h1>\n");
    if (!page.getDescription().isEmpty()) {
      body.append("<p class=\"description\">")
          .append(escape(page.getDescription()))
          .append("</p>\n");
    }
    String frameOrigin = origin(page.getPreviewUrl());
    if (frameOrigin != null) {
      body.append("<iframe id=\"preview\" title=\"Preview of ")
          .append(title)
          .append("\" src=\"")
          .append(escape(page.getPreviewUrl()))
          .append("\" width=\"100%\" height=\"640\" allowfullscreen")
          .append(" referrerpolicy=\"no-referrer\"></iframe>\n");
    } else {
      String reason =
          !page.getPreviewEnabled()
              ? "The preview of this course is not enabled yet."
              : page.getPreviewUnavailableReason().isEmpty()
                  ? "A preview of this course cannot be shown."
                  : page.getPreviewUnavailableReason();
      body.append("<p class=\"unavailable\">").append(escape(reason)).append("</p>\n");
    }
    String csp =
        frameOrigin == null ? "default-src 'none'" : "default-src 'none'; frame-src " + frameOrigin;
    return html(HttpStatus.OK, title, body.toString(), csp);
  }

  /** {@code scheme://host[:port]} of an absolute http(s) URL, or null. */
  static String origin(String url) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    try {
      java.net.URI uri = new java.net.URI(url);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        return null;
      }
      return scheme.toLowerCase(java.util.Locale.ROOT)
          + "://"
          + uri.getHost()
          + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static HttpResponse html(HttpStatus status, String escapedTitle, String body) {
    return html(status, escapedTitle, body, "default-src 'none'");
  }

  private static HttpResponse html(
      HttpStatus status, String escapedTitle, String body, String csp) {
    String page =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>"
            + escapedTitle
            + "</title>\n</head>\n<body>\n"
            + body
            + "\n</body>\n</html>\n";
    return HttpResponse.of(
        ResponseHeaders.builder(status)
            .contentType(MediaType.HTML_UTF_8)
            .set("content-security-policy", csp)
            .set("x-content-type-options", "nosniff")
            .build(),
        com.linecorp.armeria.common.HttpData.ofUtf8(page));
  }

  /** Escapes text for HTML element content and attribute values. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}

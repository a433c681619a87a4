package org.courseport.transcoding.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the answer of the transcoded ListContentExports into Canvas's list: the bare JSON array of
 * ContentExports, and a {@code Link} header with {@code current}, {@code next} (when there is one),
 * {@code prev} (after page 1), {@code first} and {@code last} page URLs carrying {@code page} and
 * {@code per_page}, on the configured public base URL when the answer carries one (else on the
 * request's scheme and host). Errors pass through unchanged (already in Canvas's shape).
 */
final class ContentExportList implements DecoratingHttpServiceFunction {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    String requestBase = req.scheme() + "://" + req.authority();
    String path = ctx.path();
    return HttpResponse.of(
        delegate.serve(ctx, req).aggregate().thenApply(res -> rewrite(res, requestBase, path)));
  }

  private static HttpResponse rewrite(AggregatedHttpResponse res, String requestBase, String path) {
    if (res.status() != HttpStatus.OK) {
      return res.toHttpResponse();
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(res.content().array());
    } catch (IOException e) {
      return res.toHttpResponse();
    }
    // The configured public base when there is one (behind a proxy the request's host is not the
    // address clients use), else the request's own scheme and host.
    String publicBase = answer.path("public_base").asText("");
    String base = (publicBase.isEmpty() ? requestBase : publicBase) + path;
    JsonNode items = answer.path("content_exports");
    int page = answer.path("page").asInt(1);
    int perPage = answer.path("per_page").asInt(10);
    int last = Math.max(1, answer.path("last_page").asInt(1));
    List<String> links = new ArrayList<>();
    links.add(link(base, page, perPage, "current"));
    if (answer.path("has_next").asBoolean(false)) {
      links.add(link(base, page + 1, perPage, "next"));
    }
    if (page > 1) {
      links.add(link(base, Math.min(page - 1, last), perPage, "prev"));
    }
    links.add(link(base, 1, perPage, "first"));
    links.add(link(base, last, perPage, "last"));
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(items.isArray() ? items : JSON.createArrayNode());
    } catch (IOException e) {
      return res.toHttpResponse();
    }
    ResponseHeaders headers =
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.JSON_UTF_8)
            .set("link", String.join(",", links))
            .build();
    return HttpResponse.of(headers, HttpData.wrap(body));
  }

  private static String link(String base, int page, int perPage, String rel) {
    return "<" + base + "?page=" + page + "&per_page=" + perPage + ">; rel=\"" + rel + "\"";
  }
}

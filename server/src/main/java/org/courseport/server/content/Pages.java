package org.courseport.server.content;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import org.courseport.server.export.web.Html;

/**
 * The content origin's small HTML pages (expired, unknown, cannot be launched, exit) and plain
 * answers: escaped text, never cached, no referrer (the URL holds a token).
 */
final class Pages {
  private Pages() {}

  /** A page with a heading and a sentence. */
  static HttpResponse page(HttpStatus status, String heading, String text) {
    return html(
        status,
        document(heading, "<h1>" + escape(heading) + "</h1>\n<p>" + escape(text) + "</p>", null),
        null);
  }

  /** The exit page that closes its window ({@code redirectOnExitUrl} = {@code closer}). */
  static HttpResponse closer(String nonce) {
    String body = "<h1>The course has ended</h1>\n<p>You can close this window.</p>";
    String script = "<script nonce=\"" + nonce + "\">window.close();</script>";
    return html(HttpStatus.OK, document("The course has ended", body, script), nonce);
  }

  /** An empty page ({@code redirectOnExitUrl} = {@code blank}). */
  static HttpResponse blank() {
    return html(
        HttpStatus.OK,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title></title></head><body></body></html>\n",
        null);
  }

  /** A 302 to an absolute URL (the exit redirect). */
  static HttpResponse redirect(HttpStatus status, String location) {
    return HttpResponse.of(
        ResponseHeaders.builder(status)
            .add("location", location)
            .add("cache-control", "no-store")
            .add("referrer-policy", "no-referrer")
            .contentType(MediaType.PLAIN_TEXT_UTF_8)
            .build(),
        com.linecorp.armeria.common.HttpData.ofUtf8(location + "\n"));
  }

  /** A plain-text answer (files, unknown routes). */
  static HttpResponse text(HttpStatus status, String message) {
    return HttpResponse.of(
        ResponseHeaders.builder(status)
            .contentType(MediaType.PLAIN_TEXT_UTF_8)
            .add("cache-control", "no-store")
            .add("x-content-type-options", "nosniff")
            .build(),
        com.linecorp.armeria.common.HttpData.ofUtf8(message + "\n"));
  }

  static String escape(String text) {
    return Html.escape(text);
  }

  private static String document(String title, String body, String script) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + escape(title)
        + "</title><style>body{font-family:system-ui,sans-serif;margin:3em auto;max-width:36em;"
        + "padding:0 1em;color:#222}h1{font-size:1.4em}</style></head>\n<body>\n"
        + body
        + "\n"
        + (script == null ? "" : script + "\n")
        + "</body></html>\n";
  }

  private static HttpResponse html(HttpStatus status, String document, String nonce) {
    String csp =
        ContentHeaders.PAGE_CSP_BASE + (nonce == null ? "" : "; script-src 'nonce-" + nonce + "'");
    return HttpResponse.of(
        ResponseHeaders.builder(status)
            .contentType(MediaType.HTML_UTF_8)
            .add("cache-control", "no-store")
            .add("referrer-policy", "no-referrer")
            .add("x-content-type-options", "nosniff")
            .add("content-security-policy", csp)
            .build(),
        com.linecorp.armeria.common.HttpData.ofUtf8(document));
  }
}

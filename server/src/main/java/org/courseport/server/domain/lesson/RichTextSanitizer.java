package org.courseport.server.domain.lesson;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The allow list of rich-text HTML (OWASP java-html-sanitizer): text formatting, paragraphs,
 * headings, lists, quotes, code, tables and links ({@code http}, {@code https}, {@code mailto},
 * opened with {@code rel="nofollow noopener noreferrer"}). Everything else is dropped: scripts and
 * styles with their content, event handler attributes, {@code javascript:} URLs, iframes, forms.
 */
public final class RichTextSanitizer {

  private static final PolicyFactory POLICY =
      new HtmlPolicyBuilder()
          .allowCommonInlineFormattingElements()
          .allowCommonBlockElements()
          .allowElements(
              "p",
              "br",
              "hr",
              "pre",
              "code",
              "blockquote",
              "ul",
              "ol",
              "li",
              "dl",
              "dt",
              "dd",
              "strong",
              "em",
              "mark",
              "small",
              "abbr",
              "cite",
              "q",
              "kbd",
              "samp",
              "var",
              "span")
          .allowElements(
              "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col")
          .allowAttributes("colspan", "rowspan", "scope")
          .onElements("th", "td")
          .allowAttributes("title")
          .globally()
          .allowAttributes("lang", "dir")
          .globally()
          .allowElements("a")
          .allowAttributes("href")
          .onElements("a")
          .allowStandardUrlProtocols()
          .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
          .toFactory();

  private RichTextSanitizer() {}

  /** The HTML with everything outside the allow list removed. */
  public static String sanitize(String html) {
    return POLICY.sanitize(html);
  }
}

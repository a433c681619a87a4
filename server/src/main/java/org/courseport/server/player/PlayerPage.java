package org.courseport.server.player;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchOptions;
import org.courseport.server.domain.launch.ResumeData;
import org.courseport.server.export.web.Html;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player page: HTML that hosts scorm-again and {@code /player/assets/player.js}, with the
 * launch data as JSON in {@code <script id="cp-launch" type="application/json">} (the shape is in
 * the launch contract and read by player.js). The page's scripts carry the CSP nonce; it has no
 * inline script that runs and no inline style.
 */
public final class PlayerPage {
  private static final Logger log = LoggerFactory.getLogger(PlayerPage.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CULTURE =
      Pattern.compile("[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8}){0,4}");
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9+/=_-]{8,128}");

  /**
   * Where the build puts scorm-again and the player's own assets (served by the content origin).
   */
  public static final String ASSETS = "/player/assets/";

  private PlayerPage() {}

  /** The page for a supported plan. */
  public static String render(PlayerPageModel model) {
    LaunchPlan plan = model.plan();
    if (!plan.supported()) {
      throw new IllegalArgumentException(
          "the player cannot launch this course: " + plan.unsupportedReason());
    }
    if (!NONCE.matcher(model.nonce()).matches()) {
      throw new IllegalArgumentException("the CSP nonce must be 8 to 128 base64 characters");
    }
    LaunchOptions options = model.grant().options();
    String lang = culture(options.culture());
    PlayerTexts texts = PlayerTexts.forCulture(lang);
    String cssUrl = httpsUrl(options.cssUrl());
    String nonce = model.nonce();
    String runtime = "scorm2004".equals(plan.standard()) ? "scorm2004" : "scorm12";
    boolean newWindow = "NEW_WINDOW".equalsIgnoreCase(options.launchType());

    StringBuilder page = new StringBuilder(4096);
    page.append("<!DOCTYPE html>\n<html lang=\"").append(escape(lang)).append("\">\n<head>\n");
    page.append("<meta charset=\"utf-8\">\n");
    page.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.append("<meta name=\"referrer\" content=\"no-referrer\">\n");
    page.append("<title>").append(escape(plan.title())).append("</title>\n");
    page.append("<link rel=\"stylesheet\" href=\"").append(ASSETS).append("player.css\">\n");
    if (cssUrl != null) {
      page.append("<link rel=\"stylesheet\" href=\"").append(escape(cssUrl)).append("\">\n");
    }
    page.append("<script id=\"cp-launch\" type=\"application/json\" nonce=\"")
        .append(nonce)
        .append("\">")
        .append(launchJson(model, lang, cssUrl))
        .append("</script>\n");
    page.append("<script nonce=\"")
        .append(nonce)
        .append("\" src=\"")
        .append(ASSETS)
        .append("scorm-again/")
        .append(runtime)
        .append(".min.js\"></script>\n");
    page.append("<script nonce=\"")
        .append(nonce)
        .append("\" src=\"")
        .append(ASSETS)
        .append("player.js\"></script>\n");
    page.append("</head>\n<body class=\"cp-player\">\n");
    page.append("<header class=\"cp-bar\">\n");
    page.append("<h1 class=\"cp-title\">").append(escape(plan.title())).append("</h1>\n");
    page.append("<p id=\"cp-status\" role=\"status\" aria-live=\"polite\"></p>\n");
    page.append("<div class=\"cp-controls\">\n");
    page.append("<button type=\"button\" id=\"cp-prev\" disabled>")
        .append(escape(texts.previous()))
        .append("</button>\n");
    page.append("<button type=\"button\" id=\"cp-next\" disabled>")
        .append(escape(texts.next()))
        .append("</button>\n");
    page.append("<button type=\"button\" id=\"cp-exit\">")
        .append(escape(texts.exit()))
        .append("</button>\n");
    page.append("</div>\n</header>\n");
    page.append("<div class=\"cp-body\">\n");
    page.append("<nav class=\"cp-toc\" aria-label=\"")
        .append(escape(texts.contents()))
        .append("\"><ul id=\"cp-toc\"></ul></nav>\n");
    page.append("<main class=\"cp-content\">\n");
    page.append(
        "<noscript><p class=\"cp-note\">" + escape(texts.needsJavaScript()) + "</p></noscript>\n");
    page.append("<div id=\"cp-window-note\" class=\"cp-note\"")
        .append(newWindow ? "" : " hidden")
        .append(">\n<p>")
        .append(escape(texts.openedInNewWindow()))
        .append("</p>\n")
        .append("<button type=\"button\" id=\"cp-open\">")
        .append(escape(texts.openWindow()))
        .append("</button>\n")
        .append("</div>\n");
    page.append("<iframe id=\"cp-frame\" name=\"cp-frame\" title=\"")
        .append(escape(plan.title()))
        .append("\" src=\"about:blank\"")
        .append(newWindow ? " hidden" : "")
        .append(" allow=\"autoplay; fullscreen\"></iframe>\n");
    page.append("</main>\n</div>\n</body>\n</html>\n");
    return page.toString();
  }

  /** The launch data of the contract, serialized so that it cannot end its script element. */
  static String launchJson(PlayerPageModel model, String lang, String cssUrl) {
    LaunchGrant grant = model.grant();
    LaunchPlan plan = model.plan();
    LaunchOptions options = grant.options();
    ResumeData resume = model.resume() == null ? ResumeData.NONE : model.resume();
    boolean preview = grant.mode() == LaunchMode.PREVIEW;
    String base = model.deliveryBase().replaceAll("/+$", "");

    ObjectNode root = JSON.createObjectNode();
    root.put("standard", "scorm2004".equals(plan.standard()) ? "scorm2004" : "scorm12");
    root.put("mode", preview ? "preview" : "tracked");
    root.put("title", plan.title());
    root.put("contentBase", base + "/c/");
    if (preview) {
      root.putNull("commitUrl");
    } else {
      root.put("commitUrl", base + "/commit");
    }
    root.put("exitUrl", base + "/exit");
    ArrayNode items = root.putArray("items");
    for (PlanItem item : plan.items()) {
      ObjectNode i = items.addObject();
      i.put("id", item.id());
      i.put("title", item.title());
      i.put("depth", item.depth());
      i.put("href", item.href());
      i.put("sco", item.sco());
      i.put("visible", item.visible());
      i.put("dataFromLms", item.dataFromLms());
      i.put("masteryScore", item.masteryScore());
      i.put("maxTimeAllowed", item.maxTimeAllowed());
      i.put("timeLimitAction", item.timeLimitAction());
      i.put("completionThreshold", item.completionThreshold());
      i.put("scaledPassingScore", item.scaledPassingScore());
    }
    root.put("choice", plan.choice());
    root.put("flow", plan.flow());
    root.set("sequencing", parse(plan.sequencingJson(), "the plan's sequencing"));
    String start = blankToNull(options.startSco());
    root.put("startItemId", start != null ? start : resume.lastItemId());
    ObjectNode r = root.putObject("resume");
    r.put("lastItemId", resume.lastItemId());
    ObjectNode cmi = r.putObject("cmi");
    for (Map.Entry<String, String> e : resume.cmiByItem().entrySet()) {
      JsonNode parsed = parse(e.getValue(), "the stored CMI of item " + e.getKey());
      if (parsed != null && parsed.isObject()) {
        cmi.set(e.getKey(), parsed);
      }
    }
    ObjectNode entry = r.putObject("entry");
    resume.entryByItem().forEach(entry::put);
    ObjectNode learner = root.putObject("learner");
    String userId = blankToNull(grant.userId());
    learner.put("id", userId != null ? userId : "preview");
    String name = blankToNull(options.learnerName());
    learner.put("name", name != null ? name : userId != null ? userId : "Preview");
    ObjectNode settings = root.putObject("settings");
    settings.put(
        "launchType",
        "NEW_WINDOW".equalsIgnoreCase(options.launchType()) ? "NEW_WINDOW" : "FRAMESET");
    settings.put("autoCommitSeconds", Math.max(0, options.autoCommitSeconds()));
    settings.put("masteryOverride", options.scorm12MasteryOverride());
    root.put("culture", lang);
    root.put("cssUrl", cssUrl);
    try {
      return Html.scriptJson(JSON.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialize the launch data", e);
    }
  }

  /** HTML text and attribute escaping. */
  static String escape(String s) {
    return Html.escape(s);
  }

  /** The page language: a BCP 47-shaped culture code, else {@code en}. */
  static String culture(String culture) {
    if (culture == null || !CULTURE.matcher(culture.strip()).matches()) {
      return "en";
    }
    return culture.strip().replace('_', '-');
  }

  /** An absolute https URL, or null (a style sheet from anywhere else is not linked). */
  static String httpsUrl(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(url.strip());
      if (uri.isAbsolute()
          && "https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
          && uri.getHost() != null
          && uri.getRawUserInfo() == null) {
        return uri.toString();
      }
    } catch (URISyntaxException e) {
      // not a URL: not linked
    }
    log.debug("cssUrl '{}' is not an absolute https URL: not linked", url);
    return null;
  }

  private static JsonNode parse(String json, String what) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      log.warn("{} is not JSON; the player starts without it: {}", what, e.getOriginalMessage());
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

package org.courseport.server.packaging.aicc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.support.Scores;

/**
 * Builds the activity tree of an AICC course: blocks of the .cst file become aggregations, AUs of
 * the .au file SCOs titled from the .des file; without a .cst, all AUs hang off the root.
 */
final class AiccTree {
  private final Map<String, AiccTable.Row> aus = new LinkedHashMap<>();
  private final Map<String, String> titles = new LinkedHashMap<>();
  private final Map<String, List<String>> members = new LinkedHashMap<>();
  private final Set<String> placed = new HashSet<>();
  private final String cstFile;
  private final Findings findings;

  AiccTree(
      Map<String, AiccTable.Row> aus,
      AiccTable des,
      AiccTable cst,
      String cstFile,
      Findings findings) {
    aus.forEach((id, row) -> this.aus.put(key(id), row));
    for (AiccTable.Row row : des.rows()) {
      titles.putIfAbsent(key(row.get("system_id")), row.get("title"));
    }
    for (AiccTable.Row row : cst.rows()) {
      members.computeIfAbsent(key(row.get(0)), k -> new ArrayList<>()).add(row.get(1));
    }
    this.cstFile = cstFile;
    this.findings = findings;
  }

  Activity build(String courseId, String title) {
    List<Activity> children = new ArrayList<>();
    if (members.containsKey("root")) {
      placed.add("root");
      children.addAll(childrenOf("root"));
    }
    for (String id : aus.keySet()) {
      if (!placed.contains(id)) {
        if (members.containsKey("root")) {
          findings.warning(
              "aicc.cst.unreferenced",
              cstFile,
              "The AU '"
                  + id
                  + "' is in no block"
                  + " of the course structure; it was added at the top level");
        }
        children.add(node(id));
      }
    }
    return new Activity(courseId, "", ActivityType.AGGREGATION, "", title, "", children);
  }

  private List<Activity> childrenOf(String block) {
    List<Activity> children = new ArrayList<>();
    for (String member : members.get(block)) {
      String id = key(member);
      if (!aus.containsKey(id) && !members.containsKey(id)) {
        findings.warning(
            "aicc.cst.unresolved",
            cstFile,
            "The course structure lists '"
                + member
                + "' under '"
                + block
                + "', but it is neither an AU nor a block; ignored");
      } else if (placed.add(id)) {
        children.add(node(id));
      }
    }
    return children;
  }

  private Activity node(String id) {
    placed.add(id);
    List<Activity> children = members.containsKey(id) ? childrenOf(id) : List.of();
    AiccTable.Row au = aus.get(id);
    String title = titles.getOrDefault(id, "");
    if (au == null) {
      return new Activity(
          id, "", ActivityType.AGGREGATION, "", title.isEmpty() ? id : title, "", children);
    }
    String systemId = au.get("system_id");
    return new Activity(
        systemId,
        systemId,
        ActivityType.SCO,
        launch(au),
        title.isEmpty() ? systemId : title,
        passingScore(au),
        children);
  }

  /** The AU's file_name with its web_launch parameters. */
  static String launch(AiccTable.Row au) {
    return Hrefs.withParameters(au.get("file_name"), au.get("web_launch"));
  }

  private static String passingScore(AiccTable.Row au) {
    String mastery = au.get("mastery_score");
    if (mastery.isEmpty()) {
      return "";
    }
    BigDecimal max = BigDecimal.valueOf(100);
    try {
      if (!au.get("max_score").isEmpty() && new BigDecimal(au.get("max_score")).signum() > 0) {
        max = new BigDecimal(au.get("max_score"));
      }
    } catch (NumberFormatException e) {
      max = BigDecimal.valueOf(100);
    }
    return Scores.scaled(mastery, max).orElse("");
  }

  private static String key(String id) {
    return id.trim().toLowerCase(Locale.ROOT);
  }
}

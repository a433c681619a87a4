package org.courseport.server.player;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.packaging.cp.CpManifest.Item;
import org.courseport.server.packaging.cp.CpManifest.Organization;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * A SCORM 2004 organization's sequencing as scorm-again 3.4's {@code SequencingSettings} JSON: the
 * {@code activityTree} (the organization as root, its items as children, ids are the item
 * identifiers) with, per activity, the effective {@code imsss:sequencing} (sequencing collection
 * entries already merged, see {@link ItemSequencing}) mapped to scorm-again's names.
 *
 * <p>Every activity gets its full controlMode, with the IMS SS defaults (choice, choiceExit true;
 * flow, forwardOnly false), because scorm-again's own default for flow is true. Mapped:
 * controlMode, sequencingRules (pre, exit, post; ruleConditions with conditionCombination, operator
 * {@code not}, referencedObjective, measureThreshold), limitConditions (attemptLimit,
 * attemptAbsoluteDurationLimit), rollupRules (the rollup controls, rules with childActivitySet,
 * minimumCount, minimumPercent scaled to scorm-again's 0-100, conditions), objectives (primary and
 * others, satisfiedByMeasure, minNormalizedMeasure, mapInfo; adlseq:objectives' extended mapInfo
 * merged by objective and target), randomizationControls, deliveryControls,
 * adlseq:constrainedChoiceConsiderations, adlseq:rollupConsiderations, adlcp:completionThreshold,
 * adlcp:data maps, adlcp:timeLimitAction, isvisible and adlnav:presentation hideLMSUI. Not mapped:
 * auxiliaryResources (SCORM does not use them) and objectivesGlobalToSystem (global objectives are
 * always scoped to one launch session here).
 */
final class SequencingJson {
  static final String ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3";
  static final String ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HIDE_TOKENS =
      Set.of("continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll");
  private static final Map<String, String> ROLLUP_CONDITIONS =
      Map.of("activityProgressKnown", "progressKnown");
  private static final List<String> MAP_FLAGS =
      List.of(
          "readSatisfiedStatus",
          "readNormalizedMeasure",
          "writeSatisfiedStatus",
          "writeNormalizedMeasure");
  private static final List<String> ADLSEQ_MAP_FLAGS =
      List.of(
          "readRawScore",
          "readMinScore",
          "readMaxScore",
          "readCompletionStatus",
          "readProgressMeasure",
          "writeRawScore",
          "writeMinScore",
          "writeMaxScore",
          "writeCompletionStatus",
          "writeProgressMeasure");

  private final Map<String, XmlElement> collection;

  private SequencingJson(Map<String, XmlElement> collection) {
    this.collection = collection;
  }

  /** The settings JSON text for {@code org}; {@code manifestRoot} holds the collection. */
  static String of(Organization org, XmlElement manifestRoot) {
    return JSON.createObjectNode().set("activityTree", tree(org, manifestRoot)).toString();
  }

  /** The root activity of {@code org}. */
  static ObjectNode tree(Organization org, XmlElement manifestRoot) {
    SequencingJson builder = new SequencingJson(ItemSequencing.collection(manifestRoot));
    ObjectNode root = builder.activity(org.identifier(), org.title(), org.element());
    root.set("children", builder.children(org.items()));
    return root;
  }

  private ArrayNode children(List<Item> items) {
    ArrayNode children = JSON.createArrayNode();
    for (Item item : items) {
      ObjectNode a = activity(item.identifier(), item.title(), item.element());
      ItemSequencing.parseBool(item.element().attribute("isvisible").orElse(null))
          .ifPresent(v -> a.put("isVisible", v));
      item.element()
          .childIgnoreCase("timeLimitAction")
          .map(XmlElement::text)
          .filter(t -> !t.isEmpty())
          .ifPresent(t -> a.put("timeLimitAction", t));
      completionThreshold(item.element()).ifPresent(t -> a.set("completionThreshold", t));
      ArrayNode maps = sharedDataMaps(item.element());
      if (!maps.isEmpty()) {
        a.set("sharedDataMaps", maps);
      }
      ArrayNode hide = hideLmsUi(item.element());
      if (!hide.isEmpty()) {
        a.set("hideLmsUi", hide);
      }
      if (!item.children().isEmpty()) {
        a.set("children", children(item.children()));
      }
      children.add(a);
    }
    return children;
  }

  private ObjectNode activity(String id, String title, XmlElement owner) {
    ItemSequencing seq = ItemSequencing.of(owner, collection);
    ObjectNode a = JSON.createObjectNode();
    a.put("id", id);
    a.put("title", title);
    a.set("sequencingControls", controls(seq));
    seq.imsss("deliveryControls").ifPresent(d -> a.set("deliveryControls", delivery(d)));
    seq.imsss("sequencingRules").ifPresent(r -> a.set("sequencingRules", rules(r)));
    seq.imsss("limitConditions").ifPresent(l -> limits(l, a));
    seq.imsss("rollupRules")
        .map(SequencingJson::rollupRules)
        .filter(r -> !r.withArray("rules").isEmpty())
        .ifPresent(r -> a.set("rollupRules", r));
    seq.adlseq("rollupConsiderations")
        .ifPresent(r -> a.set("rollupConsiderations", rollupConsiderations(r)));
    objectives(seq, id, a);
    return a;
  }

  /** controlMode, rollup controls, randomization and constrained-choice controls. */
  private static ObjectNode controls(ItemSequencing seq) {
    ObjectNode c = JSON.createObjectNode();
    Optional<XmlElement> mode = seq.imsss("controlMode");
    c.put("choice", mode.map(m -> ItemSequencing.bool(m, "choice", true)).orElse(true));
    c.put("choiceExit", mode.map(m -> ItemSequencing.bool(m, "choiceExit", true)).orElse(true));
    c.put("flow", mode.map(m -> ItemSequencing.bool(m, "flow", false)).orElse(false));
    c.put("forwardOnly", mode.map(m -> ItemSequencing.bool(m, "forwardOnly", false)).orElse(false));
    c.put(
        "useCurrentAttemptObjectiveInfo",
        mode.map(m -> ItemSequencing.bool(m, "useCurrentAttemptObjectiveInfo", true)).orElse(true));
    c.put(
        "useCurrentAttemptProgressInfo",
        mode.map(m -> ItemSequencing.bool(m, "useCurrentAttemptProgressInfo", true)).orElse(true));
    seq.imsss("rollupRules")
        .ifPresent(
            r -> {
              c.put(
                  "rollupObjectiveSatisfied",
                  ItemSequencing.bool(r, "rollupObjectiveSatisfied", true));
              c.put(
                  "rollupProgressCompletion",
                  ItemSequencing.bool(r, "rollupProgressCompletion", true));
              number(r, "objectiveMeasureWeight")
                  .ifPresent(w -> c.put("objectiveMeasureWeight", w));
            });
    seq.imsss("randomizationControls")
        .ifPresent(
            r -> {
              timing(r, "randomizationTiming").ifPresent(t -> c.put("randomizationTiming", t));
              timing(r, "selectionTiming").ifPresent(t -> c.put("selectionTiming", t));
              integer(r, "selectCount").ifPresent(n -> c.put("selectCount", n));
              // IMS reorderChildren is scorm-again's randomizeChildren (its own reorderChildren
              // records that the children were already reordered).
              ItemSequencing.parseBool(r.attribute("reorderChildren").orElse(null))
                  .ifPresent(v -> c.put("randomizeChildren", v));
            });
    seq.adlseq("constrainedChoiceConsiderations")
        .ifPresent(
            k -> {
              c.put("preventActivation", ItemSequencing.bool(k, "preventActivation", false));
              c.put("constrainChoice", ItemSequencing.bool(k, "constrainChoice", false));
            });
    return c;
  }

  private static ObjectNode delivery(XmlElement d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("tracked", ItemSequencing.bool(d, "tracked", true));
    n.put("completionSetByContent", ItemSequencing.bool(d, "completionSetByContent", false));
    n.put("objectiveSetByContent", ItemSequencing.bool(d, "objectiveSetByContent", false));
    return n;
  }

  private static ObjectNode rules(XmlElement sequencingRules) {
    ObjectNode n = JSON.createObjectNode();
    putRules(n, "preConditionRules", sequencingRules.children("preConditionRule"));
    putRules(n, "exitConditionRules", sequencingRules.children("exitConditionRule"));
    putRules(n, "postConditionRules", sequencingRules.children("postConditionRule"));
    return n;
  }

  private static void putRules(ObjectNode n, String name, List<XmlElement> rules) {
    if (rules.isEmpty()) {
      return;
    }
    ArrayNode list = n.putArray(name);
    for (XmlElement rule : rules) {
      String action = rule.child("ruleAction").map(a -> a.attr("action").trim()).orElse("");
      if (action.isEmpty()) {
        continue; // a rule without an action does nothing
      }
      ObjectNode r = list.addObject();
      r.put("action", action);
      Optional<XmlElement> conditions = rule.child("ruleConditions");
      String combination = conditions.map(c -> c.attr("conditionCombination").trim()).orElse("");
      r.put("conditionCombination", combination.isEmpty() ? "all" : combination);
      ArrayNode cs = r.putArray("conditions");
      for (XmlElement c : conditions.map(x -> x.children("ruleCondition")).orElse(List.of())) {
        ObjectNode cn = cs.addObject();
        cn.put("condition", c.attr("condition").trim());
        if (c.attr("operator").trim().equals("not")) {
          cn.put("operator", "not");
        }
        String ref = c.attr("referencedObjective").trim();
        if (!ref.isEmpty()) {
          cn.put("referencedObjective", ref);
        }
        number(c, "measureThreshold")
            .ifPresent(t -> cn.putObject("parameters").put("threshold", t));
      }
    }
  }

  private static void limits(XmlElement l, ObjectNode a) {
    integer(l, "attemptLimit").ifPresent(n -> a.put("attemptLimit", n));
    String duration = l.attr("attemptAbsoluteDurationLimit").trim();
    if (!duration.isEmpty()) {
      a.put("attemptAbsoluteDurationLimit", duration);
    }
  }

  private static ObjectNode rollupRules(XmlElement rollupRules) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode rules = n.putArray("rules");
    for (XmlElement rule : rollupRules.children("rollupRule")) {
      String action = rule.child("rollupAction").map(a -> a.attr("action").trim()).orElse("");
      if (action.isEmpty()) {
        continue;
      }
      ObjectNode r = rules.addObject();
      r.put("action", action);
      String set = rule.attr("childActivitySet").trim();
      r.put("consideration", set.isEmpty() ? "all" : set);
      r.put("minimumCount", integer(rule, "minimumCount").orElse(0));
      r.put(
          "minimumPercent",
          number(rule, "minimumPercent")
              .map(p -> p.multiply(BigDecimal.valueOf(100)).stripTrailingZeros())
              .orElse(BigDecimal.ZERO));
      Optional<XmlElement> conditions = rule.child("rollupConditions");
      String combination = conditions.map(c -> c.attr("conditionCombination").trim()).orElse("");
      r.put("conditionCombination", combination.isEmpty() ? "any" : combination);
      ArrayNode cs = r.putArray("conditions");
      for (XmlElement c : conditions.map(x -> x.children("rollupCondition")).orElse(List.of())) {
        String condition = c.attr("condition").trim();
        ObjectNode cn = cs.addObject();
        cn.put("condition", ROLLUP_CONDITIONS.getOrDefault(condition, condition));
        cn.put("operator", c.attr("operator").trim().equals("not") ? "not" : "noOp");
      }
    }
    return n;
  }

  private static ObjectNode rollupConsiderations(XmlElement r) {
    ObjectNode n = JSON.createObjectNode();
    for (String name :
        List.of(
            "requiredForSatisfied",
            "requiredForNotSatisfied",
            "requiredForCompleted",
            "requiredForIncomplete")) {
      String v = r.attr(name).trim();
      n.put(name, v.isEmpty() ? "always" : v);
    }
    n.put(
        "measureSatisfactionIfActive", ItemSequencing.bool(r, "measureSatisfactionIfActive", true));
    return n;
  }

  /**
   * The primary objective and the others, with imsss:mapInfo and the adlseq:objectives' extended
   * mapInfo merged per objective and target. A primary objective without an objectiveID is kept
   * (under the id {@code {activity}.primary}) only when it matters: satisfied by measure or mapped.
   */
  private static void objectives(ItemSequencing seq, String activityId, ObjectNode a) {
    Map<String, Map<String, ObjectNode>> extended = extendedMaps(seq);
    Optional<XmlElement> objectives = seq.imsss("objectives");
    Optional<XmlElement> primary = objectives.flatMap(o -> o.child("primaryObjective"));
    if (primary.isPresent()) {
      XmlElement p = primary.get();
      boolean byMeasure = ItemSequencing.bool(p, "satisfiedByMeasure", false);
      String id = p.attr("objectiveID").trim();
      if (!id.isEmpty() || byMeasure || !p.children("mapInfo").isEmpty()) {
        String objectiveId = id.isEmpty() ? activityId + ".primary" : id;
        a.set("primaryObjective", objective(p, objectiveId, true, extended));
      }
    }
    ArrayNode others = JSON.createArrayNode();
    for (XmlElement o : objectives.map(x -> x.children("objective")).orElse(List.of())) {
      String id = o.attr("objectiveID").trim();
      if (!id.isEmpty()) {
        others.add(objective(o, id, false, extended));
      }
    }
    if (!others.isEmpty()) {
      a.set("objectives", others);
    }
  }

  private static ObjectNode objective(
      XmlElement o, String id, boolean primary, Map<String, Map<String, ObjectNode>> extended) {
    ObjectNode n = JSON.createObjectNode();
    n.put("objectiveID", id);
    n.put("isPrimary", primary);
    boolean byMeasure = ItemSequencing.bool(o, "satisfiedByMeasure", false);
    n.put("satisfiedByMeasure", byMeasure);
    if (byMeasure) {
      n.put(
          "minNormalizedMeasure",
          o.child("minNormalizedMeasure").flatMap(m -> decimal(m.text())).orElse(BigDecimal.ONE));
    }
    Map<String, ObjectNode> maps = new LinkedHashMap<>();
    for (XmlElement m : o.children("mapInfo")) {
      String target = m.attr("targetObjectiveID").trim();
      if (target.isEmpty()) {
        continue;
      }
      ObjectNode mn = JSON.createObjectNode();
      mn.put("targetObjectiveID", target);
      for (String flag : MAP_FLAGS) {
        mn.put(flag, ItemSequencing.bool(m, flag, flag.startsWith("read")));
      }
      maps.putIfAbsent(target, mn);
    }
    for (Map.Entry<String, ObjectNode> e :
        extended.getOrDefault(o.attr("objectiveID").trim(), Map.of()).entrySet()) {
      ObjectNode existing = maps.get(e.getKey());
      if (existing == null) {
        // Only the extended data is shared with this target, not the satisfied status or measure.
        ObjectNode mn = e.getValue().deepCopy();
        for (String flag : MAP_FLAGS) {
          mn.put(flag, false);
        }
        maps.put(e.getKey(), mn);
      } else {
        e.getValue().fields().forEachRemaining(f -> existing.set(f.getKey(), f.getValue()));
      }
    }
    if (!maps.isEmpty()) {
      ArrayNode list = n.putArray("mapInfo");
      maps.values().forEach(list::add);
    }
    return n;
  }

  /** adlseq:objectives/objective/mapInfo, by objectiveID then target. */
  private static Map<String, Map<String, ObjectNode>> extendedMaps(ItemSequencing seq) {
    Map<String, Map<String, ObjectNode>> byObjective = new LinkedHashMap<>();
    for (XmlElement o :
        seq.adlseq("objectives").map(x -> x.children("objective")).orElse(List.of())) {
      String id = o.attr("objectiveID").trim();
      for (XmlElement m : o.children("mapInfo")) {
        String target = m.attr("targetObjectiveID").trim();
        if (id.isEmpty() || target.isEmpty()) {
          continue;
        }
        ObjectNode mn = JSON.createObjectNode();
        mn.put("targetObjectiveID", target);
        for (String flag : ADLSEQ_MAP_FLAGS) {
          mn.put(flag, ItemSequencing.bool(m, flag, flag.startsWith("read")));
        }
        byObjective.computeIfAbsent(id, k -> new LinkedHashMap<>()).putIfAbsent(target, mn);
      }
    }
    return byObjective;
  }

  /**
   * adlcp:completionThreshold: the 4th Edition attributes (completedByMeasure default false,
   * minProgressMeasure default 1.0, progressWeight default 1.0), or the 3rd Edition text value,
   * which is a threshold that applies (completed by measure).
   */
  static Optional<ObjectNode> completionThreshold(XmlElement item) {
    Optional<XmlElement> t = item.child("completionThreshold");
    if (t.isEmpty()) {
      return Optional.empty();
    }
    XmlElement e = t.get();
    ObjectNode n = JSON.createObjectNode();
    Optional<BigDecimal> text = decimal(e.text());
    if (e.attributes().isEmpty() && text.isPresent()) {
      n.put("completedByMeasure", true);
      n.put("minProgressMeasure", text.get());
      return Optional.of(n);
    }
    n.put("completedByMeasure", ItemSequencing.bool(e, "completedByMeasure", false));
    n.put("minProgressMeasure", number(e, "minProgressMeasure").orElse(BigDecimal.ONE));
    n.put("progressWeight", number(e, "progressWeight").orElse(BigDecimal.ONE));
    return Optional.of(n);
  }

  private static ArrayNode sharedDataMaps(XmlElement item) {
    ArrayNode maps = JSON.createArrayNode();
    for (XmlElement data : item.children("data")) {
      if (!data.namespace().equals(ADLCP)) {
        continue;
      }
      for (XmlElement m : data.children("map")) {
        String target = m.attr("targetID").trim();
        if (!target.isEmpty()) {
          maps.addObject()
              .put("targetID", target)
              .put("readSharedData", ItemSequencing.bool(m, "readSharedData", true))
              .put("writeSharedData", ItemSequencing.bool(m, "writeSharedData", true));
        }
      }
    }
    return maps;
  }

  private static ArrayNode hideLmsUi(XmlElement item) {
    ArrayNode hide = JSON.createArrayNode();
    item.children("presentation").stream()
        .filter(p -> p.namespace().equals(ADLNAV))
        .flatMap(p -> p.children("navigationInterface").stream())
        .flatMap(n -> n.children("hideLMSUI").stream())
        .map(XmlElement::text)
        .filter(HIDE_TOKENS::contains)
        .distinct()
        .forEach(hide::add);
    return hide;
  }

  private static Optional<String> timing(XmlElement e, String name) {
    String v = e.attr(name).trim();
    return Set.of("never", "once", "onEachNewAttempt").contains(v)
        ? Optional.of(v)
        : Optional.empty();
  }

  private static Optional<BigDecimal> number(XmlElement e, String name) {
    return e.attribute(name).flatMap(SequencingJson::decimal);
  }

  private static Optional<Integer> integer(XmlElement e, String name) {
    try {
      return e.attribute(name).map(String::trim).map(Integer::parseInt).filter(n -> n >= 0);
    } catch (NumberFormatException ex) {
      return Optional.empty();
    }
  }

  static Optional<BigDecimal> decimal(String raw) {
    try {
      return raw == null || raw.isBlank()
          ? Optional.empty()
          : Optional.of(new BigDecimal(raw.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

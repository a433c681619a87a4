package org.courseport.server.export.imported;

import static org.courseport.server.export.imported.ScormConversion.ADLCP_12;
import static org.courseport.server.export.imported.ScormConversion.ADLCP_13;
import static org.courseport.server.export.imported.ScormConversion.ADLSEQ;
import static org.courseport.server.export.imported.ScormConversion.IMSCP_12;
import static org.courseport.server.export.imported.ScormConversion.IMSSS;
import static org.courseport.server.export.imported.ScormConversion.XSI;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.packaging.support.Hrefs;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * A SCORM 2004 manifest rewritten as SCORM 1.2, where SCORM 1.2 can say the same: a primary
 * objective satisfied by measure becomes {@code adlcp:masteryscore}, an attempt duration limit
 * {@code adlcp:maxtimeallowed}, {@code adlcp:timeLimitAction}/{@code dataFromLMS} their 1.2
 * spelling; each SCO is launched through a bridge page that gives the content {@code API_1484_11}
 * on top of the LMS's {@code API}. Refused, naming the element: sequencing rules, rollup rules,
 * objectives beyond the primary or mapped to global objectives, attempt limits, randomization,
 * untracked delivery, choice or flow restrictions (choice="false", forwardOnly, choiceExit=
 * "false"), auxiliary resources, sequencing collections, measured completion thresholds, shared
 * data and ADL sequencing extensions: a 1.2 LMS has none of them. Presentation hints ({@code
 * adlnav:presentation}) and IEEE LOM metadata are left out.
 */
final class Scorm2004To12 {
  /** Sequencing attributes with the value SCORM 2004 gives them by default. */
  private static final Map<String, String> CONTROL_DEFAULTS =
      Map.of(
          "choice", "true",
          "choiceExit", "true",
          "forwardOnly", "false",
          "useCurrentAttemptObjectiveInfo", "true",
          "useCurrentAttemptProgressInfo", "true");

  /**
   * Organization switches that matter only with global objectives or shared data, which are refused
   * on their own.
   */
  private static final Set<String> GLOBAL_SWITCHES =
      Set.of("objectivesGlobalToSystem", "sharedDataGlobalToSystem");

  private final Document out = CpCopy.newDocument();
  private final ImportedPackageWriter.Source source;
  private final BridgePages bridge = new BridgePages(BridgePages.Direction.SCORM2004_ON_12);
  private final List<ExportEntry> added = new ArrayList<>();
  private final Set<String> identifiers = new HashSet<>();

  private Scorm2004To12(ImportedPackageWriter.Source source) {
    this.source = source;
  }

  static ScormConversion.Converted convert(Document manifest, ImportedPackageWriter.Source source) {
    return new Scorm2004To12(source).run(manifest);
  }

  private ScormConversion.Converted run(Document manifest) {
    BridgePages.refuseTakenFolder(source, ExportFormat.SCORM12);
    Element src = manifest.getDocumentElement();
    refuseBeyond12(src);
    var all = src.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      identifiers.add(((Element) all.item(i)).getAttribute("identifier"));
    }
    Element root = out.createElementNS(IMSCP_12, "manifest");
    out.appendChild(root);
    CpCopy.declare(root, "", IMSCP_12);
    CpCopy.declare(root, "adlcp", ADLCP_12);
    CpCopy.declare(root, "xsi", XSI);
    CpCopy.copyPlainAttributes(src, root);
    root.setAttributeNS(
        XSI,
        "xsi:schemaLocation",
        IMSCP_12 + " imscp_rootv1p1p2.xsd " + ADLCP_12 + " adlcp_rootv1p2.xsd");
    Element metadata = CpCopy.append(root, IMSCP_12, "metadata");
    metadata.appendChild(CpCopy.text(out, IMSCP_12, "schema", "ADL SCORM"));
    metadata.appendChild(CpCopy.text(out, IMSCP_12, "schemaversion", "1.2"));
    ManifestXml.child(src, "metadata").ifPresent(m -> location(m, metadata));
    CpCopy.copyOrganizations(out, src, root, IMSCP_12, this::item);
    Element resources = CpCopy.append(root, IMSCP_12, "resources");
    ManifestXml.child(src, "resources").ifPresent(r -> CpCopy.copyPlainAttributes(r, resources));
    String bridgeId = unique("COURSEPORT-BRIDGE");
    boolean anySco = false;
    for (ManifestPaths.Resource r : ManifestPaths.resources(manifest)) {
      anySco |= resource(r, resources, bridgeId);
    }
    if (anySco) {
      CpCopy.appendBridgeAsset(
          resources, IMSCP_12, ADLCP_12, "adlcp:scormtype", bridgeId, bridge.script().path());
      added.add(bridge.script());
    }
    return new ScormConversion.Converted(out, added);
  }

  /** Refuses what SCORM 1.2 cannot express, naming the first such element. */
  private void refuseBeyond12(Element root) {
    ScormConversion.fourthEditionOnly(root.getOwnerDocument())
        .ifPresent(what -> refuse("it uses " + what + ", which SCORM 1.2 does not have"));
    var all = root.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      String ns = CpCopy.ns(e);
      String name = ManifestXml.local(e);
      if (ns.equals(ADLSEQ)) {
        refuse("it uses the ADL sequencing extension adlseq:" + name);
      }
      attributes(e, ADLSEQ)
          .filter(a -> !GLOBAL_SWITCHES.contains(a))
          .ifPresent(a -> refuse("it uses the ADL sequencing extension adlseq:" + a));
      if (ns.equals(ADLCP_13) && name.equals("completionThreshold")) {
        refuse(
            "it sets a completion threshold (adlcp:completionThreshold), which a SCORM 1.2 LMS"
                + " does not apply");
      }
      if (!ns.equals(IMSSS)) {
        continue;
      }
      switch (name) {
        case "sequencing", "objectives", "minNormalizedMeasure", "limitConditions" -> {}
        case "sequencingCollection" ->
            refuse("it shares sequencing definitions (imsss:sequencingCollection)");
        case "controlMode" -> {
          for (Map.Entry<String, String> d : CONTROL_DEFAULTS.entrySet()) {
            String value = e.getAttribute(d.getKey());
            if (!value.isEmpty() && !value.equals(d.getValue())) {
              refuse(
                  "its sequencing sets imsss:controlMode "
                      + d.getKey()
                      + "=\""
                      + value
                      + "\", a navigation restriction a SCORM 1.2 LMS does not enforce");
            }
          }
        }
        case "primaryObjective" -> {
          if (!ManifestXml.children(e, "mapInfo").isEmpty()) {
            refuse("its primary objective is mapped to a global objective (imsss:mapInfo)");
          }
        }
        case "deliveryControls" -> {
          if (e.getAttribute("tracked").equals("false")) {
            refuse("it delivers untracked activities (imsss:deliveryControls tracked=\"false\")");
          }
        }
        case "objective" ->
            refuse(
                "it has objectives beyond the primary one (imsss:objective '"
                    + e.getAttribute("objectiveID")
                    + "'), which a SCORM 2004 LMS lists to the content in cmi.objectives and a"
                    + " SCORM 1.2 LMS does not");
        default -> refuse("its sequencing uses imsss:" + name);
      }
      if (name.equals("limitConditions") && e.hasAttribute("attemptLimit")) {
        refuse("it limits attempts (imsss:limitConditions attemptLimit)");
      }
      if (name.equals("sequencing") && (e.hasAttribute("IDRef"))) {
        refuse("it shares sequencing definitions (imsss:sequencing IDRef)");
      }
    }
  }

  private static Optional<String> attributes(Element e, String namespace) {
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (namespace.equals(a.getNamespaceURI())) {
        return Optional.of(ManifestXml.local(a));
      }
    }
    return Optional.empty();
  }

  private void refuse(String reason) {
    throw ImportedPackageWriter.refused(source.kind(), ExportFormat.SCORM12, reason);
  }

  private void location(Element from, Element to) {
    for (Element child : ManifestXml.children(from)) {
      if (CpCopy.ns(child).equals(ADLCP_13) && ManifestXml.local(child).equals("location")) {
        to.appendChild(CpCopy.text(out, ADLCP_12, "adlcp:location", ManifestXml.text(child)));
      }
    }
  }

  private Element item(Element src) {
    Element item = out.createElementNS(IMSCP_12, "item");
    CpCopy.copyPlainAttributes(src, item);
    ManifestXml.child(src, "title")
        .ifPresent(t -> item.appendChild(CpCopy.text(out, IMSCP_12, "title", t.getTextContent())));
    for (Element child : ManifestXml.children(src, "item")) {
      item.appendChild(item(child));
    }
    ManifestXml.child(src, "metadata")
        .ifPresent(
            m -> {
              Element metadata = out.createElementNS(IMSCP_12, "metadata");
              location(m, metadata);
              if (metadata.hasChildNodes()) {
                item.appendChild(metadata);
              }
            });
    String id = src.getAttribute("identifier");
    Optional<Element> sequencing = child(src, IMSSS, "sequencing");
    sequencing
        .flatMap(s -> child(s, IMSSS, "limitConditions"))
        .map(l -> l.getAttribute("attemptAbsoluteDurationLimit"))
        .filter(d -> !d.isEmpty())
        .ifPresent(
            d -> item.appendChild(CpCopy.text(out, ADLCP_12, "adlcp:maxtimeallowed", span(id, d))));
    child(src, ADLCP_13, "timeLimitAction")
        .ifPresent(
            t ->
                item.appendChild(
                    CpCopy.text(out, ADLCP_12, "adlcp:timelimitaction", ManifestXml.text(t))));
    child(src, ADLCP_13, "dataFromLMS")
        .ifPresent(
            t ->
                item.appendChild(
                    CpCopy.text(out, ADLCP_12, "adlcp:datafromlms", ManifestXml.text(t))));
    sequencing
        .flatMap(s -> child(s, IMSSS, "objectives"))
        .flatMap(o -> child(o, IMSSS, "primaryObjective"))
        .filter(p -> p.getAttribute("satisfiedByMeasure").equals("true"))
        .flatMap(p -> child(p, IMSSS, "minNormalizedMeasure"))
        .ifPresent(
            m ->
                item.appendChild(
                    CpCopy.text(
                        out,
                        ADLCP_12,
                        "adlcp:masteryscore",
                        masteryScore(id, ManifestXml.text(m)))));
    return item;
  }

  private boolean resource(ManifestPaths.Resource r, Element parent, String bridgeId) {
    Element src = r.element();
    Element res = CpCopy.append(parent, IMSCP_12, "resource");
    CpCopy.copyPlainAttributes(src, res);
    String scormType = r.scormType().isEmpty() ? "asset" : r.scormType();
    res.setAttributeNS(ADLCP_12, "adlcp:scormtype", scormType);
    boolean sco = scormType.equals("sco") && !r.href().isEmpty();
    if (sco) {
      String page = bridge.launchPath(r.identifier());
      added.add(
          bridge.launchPage(page, Hrefs.withBase(r.base(), r.href()), source.course().title()));
      res.setAttribute("href", ManifestPaths.relativeTo(r.base(), page));
      CpCopy.append(res, IMSCP_12, "file")
          .setAttribute("href", ManifestPaths.relativeTo(r.base(), page));
    }
    for (Element file : ManifestXml.children(src, "file")) {
      CpCopy.copyPlainAttributes(file, CpCopy.append(res, IMSCP_12, "file"));
    }
    for (Element dependency : ManifestXml.children(src, "dependency")) {
      CpCopy.copyPlainAttributes(dependency, CpCopy.append(res, IMSCP_12, "dependency"));
    }
    if (sco) {
      CpCopy.append(res, IMSCP_12, "dependency").setAttribute("identifierref", bridgeId);
    }
    return sco;
  }

  private static Optional<Element> child(Element parent, String ns, String localName) {
    return ManifestXml.children(parent, localName).stream()
        .filter(e -> CpCopy.ns(e).equals(ns))
        .findFirst();
  }

  /** An XML duration as a SCORM 1.2 time span (HHHH:MM:SS). */
  private String span(String item, String duration) {
    Duration d;
    try {
      d = Duration.parse(duration.trim());
    } catch (DateTimeParseException e) {
      d = null;
    }
    if (d == null || d.isNegative() || d.toHours() > 9999) {
      refuse(
          "item '"
              + item
              + "' limits the attempt duration to '"
              + duration
              + "', which a SCORM 1.2 time span (up to 9999 hours, no years or months) cannot"
              + " hold");
    }
    return String.format("%04d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }

  /** A normalised measure (0–1) as a 1.2 mastery score (0–100). */
  private String masteryScore(String item, String measure) {
    BigDecimal value;
    try {
      value = new BigDecimal(measure);
    } catch (NumberFormatException e) {
      value = BigDecimal.valueOf(-1);
    }
    if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
      refuse(
          "item '"
              + item
              + "' is satisfied by a measure of "
              + measure
              + ", which a SCORM 1.2 mastery score (0 to 100) cannot express");
    }
    return value
        .movePointRight(2)
        .setScale(2, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private String unique(String wanted) {
    String id = wanted;
    for (int n = 2; identifiers.contains(id); n++) {
      id = wanted + "-" + n;
    }
    identifiers.add(id);
    return id;
  }
}

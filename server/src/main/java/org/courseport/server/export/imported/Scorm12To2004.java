package org.courseport.server.export.imported;

import static org.courseport.server.export.imported.ScormConversion.ADLCP_12;
import static org.courseport.server.export.imported.ScormConversion.ADLCP_13;
import static org.courseport.server.export.imported.ScormConversion.IMSCP_13;
import static org.courseport.server.export.imported.ScormConversion.IMSSS;
import static org.courseport.server.export.imported.ScormConversion.XSI;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.packaging.support.Hrefs;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A SCORM 1.2 manifest rewritten as SCORM 2004: the 2004 namespaces and declared edition, {@code
 * adlcp:scormtype} → {@code adlcp:scormType}, {@code adlcp:masteryscore} → a primary objective
 * satisfied by measure with {@code imsss:minNormalizedMeasure} = score / 100, {@code
 * adlcp:maxtimeallowed} → {@code imsss:limitConditions attemptAbsoluteDurationLimit}, {@code
 * adlcp:timelimitaction}/{@code datafromlms} → their 2004 spelling; each SCO launched through a
 * bridge page that gives the content the 1.2 {@code API} on top of the LMS's {@code API_1484_11}.
 * Refused: {@code adlcp:prerequisites} (AICC script, no faithful 2004 form without global
 * objectives the content never writes). Inline IMS MD 1.2 metadata is left out (SCORM 2004 expects
 * IEEE LOM); titles stay.
 */
final class Scorm12To2004 {
  private static final Pattern TIMESPAN =
      Pattern.compile("(\\d{1,4}):(\\d{1,2}):(\\d{1,2}(?:\\.\\d{1,2})?)");

  private final Document out = CpCopy.newDocument();
  private final ExportFormat target;
  private final ImportedPackageWriter.Source source;
  private final BridgePages bridge = new BridgePages(BridgePages.Direction.SCORM12_ON_2004);
  private final List<ExportEntry> added = new ArrayList<>();
  private final Set<String> identifiers = new HashSet<>();

  private Scorm12To2004(ExportFormat target, ImportedPackageWriter.Source source) {
    this.target = target;
    this.source = source;
  }

  static ScormConversion.Converted convert(
      Document manifest, ExportFormat target, ImportedPackageWriter.Source source) {
    return new Scorm12To2004(target, source).run(manifest);
  }

  private ScormConversion.Converted run(Document manifest) {
    BridgePages.refuseTakenFolder(source, target);
    Element src = manifest.getDocumentElement();
    collectIdentifiers(src);
    Element root = out.createElementNS(IMSCP_13, "manifest");
    out.appendChild(root);
    CpCopy.declare(root, "", IMSCP_13);
    CpCopy.declare(root, "adlcp", ADLCP_13);
    CpCopy.declare(root, "imsss", IMSSS);
    CpCopy.declare(root, "xsi", XSI);
    CpCopy.copyPlainAttributes(src, root);
    root.setAttributeNS(
        XSI,
        "xsi:schemaLocation",
        IMSCP_13 + " imscp_v1p1.xsd " + ADLCP_13 + " adlcp_v1p3.xsd " + IMSSS + " imsss_v1p0.xsd");
    Element metadata = CpCopy.append(root, IMSCP_13, "metadata");
    metadata.appendChild(CpCopy.text(out, IMSCP_13, "schema", "ADL SCORM"));
    metadata.appendChild(
        CpCopy.text(
            out,
            IMSCP_13,
            "schemaversion",
            target == ExportFormat.SCORM2004_3RD ? "2004 3rd Edition" : "2004 4th Edition"));
    ManifestXml.child(src, "metadata").ifPresent(m -> location(m, metadata));
    CpCopy.copyOrganizations(out, src, root, IMSCP_13, this::item);
    Element resources = CpCopy.append(root, IMSCP_13, "resources");
    ManifestXml.child(src, "resources").ifPresent(r -> CpCopy.copyPlainAttributes(r, resources));
    String bridgeId = unique("COURSEPORT-BRIDGE");
    boolean anySco = false;
    for (ManifestPaths.Resource r : ManifestPaths.resources(manifest)) {
      anySco |= resource(r, resources, bridgeId);
    }
    if (anySco) {
      CpCopy.appendBridgeAsset(
          resources, IMSCP_13, ADLCP_13, "adlcp:scormType", bridgeId, bridge.script().path());
      added.add(bridge.script());
    }
    return new ScormConversion.Converted(out, added);
  }

  /** An external metadata reference (adlcp:location) survives; inline IMS MD does not. */
  private void location(Element from, Element to) {
    for (Element child : ManifestXml.children(from)) {
      if (CpCopy.ns(child).equals(ADLCP_12) && ManifestXml.local(child).equals("location")) {
        to.appendChild(CpCopy.text(out, ADLCP_13, "adlcp:location", ManifestXml.text(child)));
      }
    }
  }

  private Element item(Element src) {
    Element item = out.createElementNS(IMSCP_13, "item");
    CpCopy.copyPlainAttributes(src, item);
    ManifestXml.child(src, "title")
        .ifPresent(t -> item.appendChild(CpCopy.text(out, IMSCP_13, "title", t.getTextContent())));
    for (Element child : ManifestXml.children(src, "item")) {
      item.appendChild(item(child));
    }
    ManifestXml.child(src, "metadata")
        .ifPresent(
            m -> {
              Element metadata = out.createElementNS(IMSCP_13, "metadata");
              location(m, metadata);
              if (metadata.hasChildNodes()) {
                item.appendChild(metadata);
              }
            });
    String id = src.getAttribute("identifier");
    adlcp(src, "prerequisites")
        .filter(p -> !p.isEmpty())
        .ifPresent(
            p -> {
              throw ImportedPackageWriter.refused(
                  source.kind(),
                  target,
                  "item '"
                      + id
                      + "' has SCORM 1.2 prerequisites ('"
                      + p
                      + "'), which SCORM 2004 can express only as sequencing rules on global"
                      + " objectives that the content never sets");
            });
    adlcp(src, "timelimitaction")
        .ifPresent(v -> item.appendChild(CpCopy.text(out, ADLCP_13, "adlcp:timeLimitAction", v)));
    adlcp(src, "datafromlms")
        .ifPresent(v -> item.appendChild(CpCopy.text(out, ADLCP_13, "adlcp:dataFromLMS", v)));
    Optional<String> maxTime = adlcp(src, "maxtimeallowed").map(v -> duration(id, v));
    Optional<String> mastery =
        src.getAttribute("identifierref").isEmpty()
            ? Optional.empty()
            : adlcp(src, "masteryscore").map(v -> measure(id, v));
    if (maxTime.isPresent() || mastery.isPresent()) {
      Element sequencing = CpCopy.append(item, IMSSS, "imsss:sequencing");
      maxTime.ifPresent(
          d ->
              CpCopy.append(sequencing, IMSSS, "imsss:limitConditions")
                  .setAttribute("attemptAbsoluteDurationLimit", d));
      mastery.ifPresent(
          m -> {
            Element objectives = CpCopy.append(sequencing, IMSSS, "imsss:objectives");
            Element primary = CpCopy.append(objectives, IMSSS, "imsss:primaryObjective");
            primary.setAttribute("objectiveID", "PRIMARYOBJ");
            primary.setAttribute("satisfiedByMeasure", "true");
            primary.appendChild(CpCopy.text(out, IMSSS, "imsss:minNormalizedMeasure", m));
          });
    }
    return item;
  }

  /** Copies a resource; a SCO's launch goes through a bridge page. Returns whether it is a SCO. */
  private boolean resource(ManifestPaths.Resource r, Element parent, String bridgeId) {
    Element src = r.element();
    Element res = CpCopy.append(parent, IMSCP_13, "resource");
    CpCopy.copyPlainAttributes(src, res);
    String scormType = r.scormType().isEmpty() ? "asset" : r.scormType();
    res.setAttributeNS(ADLCP_13, "adlcp:scormType", scormType);
    boolean sco = scormType.equals("sco") && !r.href().isEmpty();
    if (sco) {
      String page = bridge.launchPath(r.identifier());
      String target = Hrefs.withBase(r.base(), r.href());
      String title = source.course().title();
      added.add(bridge.launchPage(page, target, title));
      res.setAttribute("href", ManifestPaths.relativeTo(r.base(), page));
      CpCopy.append(res, IMSCP_13, "file")
          .setAttribute("href", ManifestPaths.relativeTo(r.base(), page));
    }
    for (Element file : ManifestXml.children(src, "file")) {
      Element f = CpCopy.append(res, IMSCP_13, "file");
      CpCopy.copyPlainAttributes(file, f);
    }
    for (Element dependency : ManifestXml.children(src, "dependency")) {
      Element d = CpCopy.append(res, IMSCP_13, "dependency");
      CpCopy.copyPlainAttributes(dependency, d);
    }
    if (sco) {
      CpCopy.append(res, IMSCP_13, "dependency").setAttribute("identifierref", bridgeId);
    }
    return sco;
  }

  private static Optional<String> adlcp(Element item, String name) {
    for (Node n = item.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && CpCopy.ns(e).equals(ADLCP_12)
          && ManifestXml.local(e).equalsIgnoreCase(name)) {
        return Optional.of(ManifestXml.text(e));
      }
    }
    return Optional.empty();
  }

  /** A SCORM 1.2 time span (HHHH:MM:SS.SS) as an XML duration. */
  private String duration(String item, String timespan) {
    Matcher m = TIMESPAN.matcher(timespan.trim());
    if (!m.matches()) {
      throw ImportedPackageWriter.refused(
          source.kind(),
          target,
          "item '" + item + "' has adlcp:maxtimeallowed '" + timespan + "', not a time span");
    }
    return "PT"
        + Integer.parseInt(m.group(1))
        + "H"
        + Integer.parseInt(m.group(2))
        + "M"
        + new BigDecimal(m.group(3)).stripTrailingZeros().toPlainString()
        + "S";
  }

  /** A 1.2 mastery score (0–100) as a normalised measure (0–1). */
  private String measure(String item, String score) {
    BigDecimal value;
    try {
      value = new BigDecimal(score.trim());
    } catch (NumberFormatException e) {
      value = BigDecimal.valueOf(-1);
    }
    if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw ImportedPackageWriter.refused(
          source.kind(),
          target,
          "item '" + item + "' has adlcp:masteryscore '" + score + "', not a score from 0 to 100");
    }
    return value.movePointLeft(2).stripTrailingZeros().toPlainString();
  }

  private void collectIdentifiers(Element root) {
    var all = root.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      identifiers.add(((Element) all.item(i)).getAttribute("identifier"));
    }
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

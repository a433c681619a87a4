package org.courseport.server.browser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What an LMS reads from a SCORM manifest to launch the first SCO: its href (with the item's
 * parameters), the runtime the standard needs, and the initial CMI values the manifest gives (SCORM
 * 1.2 {@code adlcp:masteryscore} → {@code cmi.student_data.mastery_score}; 2004 the primary
 * objective's {@code imsss:minNormalizedMeasure} when satisfied by measure → {@code
 * cmi.scaled_passing_score}).
 *
 * @param href the launch page's package path (with {@code ?parameters} when the item has them)
 * @param runtime SCORM 1.2 or 2004, from {@code metadata/schemaversion}
 * @param initialCmi flattened CMI values from the manifest
 */
public record ManifestLaunch(String href, ScormRuntime runtime, Map<String, String> initialCmi) {

  /** Reads the package's {@code imsmanifest.xml}. */
  public static ManifestLaunch read(ScormPackage pkg) {
    byte[] xml =
        pkg.file("imsmanifest.xml")
            .orElseThrow(() -> new IllegalArgumentException("the package has no imsmanifest.xml"));
    Element manifest = parse(xml).getDocumentElement();
    String version = text(first(manifest, "metadata", "schemaversion"));
    ScormRuntime runtime = "1.2".equals(version) ? ScormRuntime.SCORM12 : ScormRuntime.SCORM2004;

    Element organizations = child(manifest, "organizations");
    String defaultOrg = organizations == null ? "" : organizations.getAttribute("default");
    Element organization = null;
    for (Element org : children(organizations, "organization")) {
      if (organization == null || org.getAttribute("identifier").equals(defaultOrg)) {
        organization = org;
      }
    }
    Element item = organization == null ? null : firstLaunchable(organization);
    if (item == null) {
      throw new IllegalArgumentException("the manifest's organization has no launchable item");
    }
    String ref = item.getAttribute("identifierref");
    Element resource = null;
    for (Element candidate : children(child(manifest, "resources"), "resource")) {
      if (candidate.getAttribute("identifier").equals(ref)) {
        resource = candidate;
      }
    }
    if (resource == null || resource.getAttribute("href").isEmpty()) {
      throw new IllegalArgumentException("item " + ref + " names no resource with an href");
    }
    String href = resource.getAttribute("href");
    String parameters = item.getAttribute("parameters");
    if (!parameters.isEmpty()) {
      href += (parameters.startsWith("?") || parameters.startsWith("#") ? "" : "?") + parameters;
    }

    Map<String, String> initial = new LinkedHashMap<>();
    if (runtime == ScormRuntime.SCORM12) {
      String mastery = text(child(item, "masteryscore"));
      if (!mastery.isEmpty()) {
        initial.put("cmi.student_data.mastery_score", mastery);
      }
    } else {
      Element primary = first(item, "sequencing", "objectives", "primaryObjective");
      if (primary != null && "true".equals(primary.getAttribute("satisfiedByMeasure"))) {
        String measure = text(child(primary, "minNormalizedMeasure"));
        initial.put("cmi.scaled_passing_score", measure.isEmpty() ? "1.0" : measure);
      }
    }
    return new ManifestLaunch(href, runtime, initial);
  }

  private static Element firstLaunchable(Element parent) {
    for (Element item : children(parent, "item")) {
      if (!item.getAttribute("identifierref").isEmpty()) {
        return item;
      }
      Element nested = firstLaunchable(item);
      if (nested != null) {
        return nested;
      }
    }
    return null;
  }

  private static Document parse(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("imsmanifest.xml is not readable XML: " + e.getMessage());
    }
  }

  private static Element first(Element parent, String... path) {
    Element current = parent;
    for (String name : path) {
      current = child(current, name);
    }
    return current;
  }

  private static Element child(Element parent, String localName) {
    List<Element> found = children(parent, localName);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && localName.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }

  private static String text(Element element) {
    return element == null ? "" : element.getTextContent().trim();
  }
}

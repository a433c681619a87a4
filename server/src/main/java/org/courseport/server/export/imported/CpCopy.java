package org.courseport.server.export.imported;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** Helpers to build a rewritten IMS manifest from another: new documents, copies, attributes. */
final class CpCopy {
  private CpCopy() {}

  /** An empty namespace-aware document (nothing is parsed). */
  static Document newDocument() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory.newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Declares a namespace prefix on an element. */
  static void declare(Element e, String prefix, String namespace) {
    e.setAttributeNS(
        XMLConstants.XMLNS_ATTRIBUTE_NS_URI,
        prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix,
        namespace);
  }

  /**
   * Copies the unqualified attributes (identifier, href, parameters …) and xml:base/xml:lang of
   * {@code from} to {@code to}; namespaced attributes are the caller's to translate.
   */
  static void copyPlainAttributes(Element from, Element to) {
    NamedNodeMap attrs = from.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      String ns = a.getNamespaceURI();
      if (ns == null || ns.isEmpty()) {
        if (!a.getName().startsWith("xmlns")) {
          to.setAttribute(a.getName(), a.getValue());
        }
      } else if (ns.equals(ManifestXml.XML_NS)) {
        to.setAttributeNS(ManifestXml.XML_NS, "xml:" + ManifestXml.local(a), a.getValue());
      }
    }
  }

  /** A new element with text. */
  static Element text(Document doc, String ns, String qName, String text) {
    Element e = doc.createElementNS(ns, qName);
    e.setTextContent(text);
    return e;
  }

  /** Appends a new child element. */
  static Element append(Element parent, String ns, String qName) {
    Element e = parent.getOwnerDocument().createElementNS(ns, qName);
    parent.appendChild(e);
    return e;
  }

  /** The namespace of a node, empty when none. */
  static String ns(Node node) {
    return node.getNamespaceURI() == null ? "" : node.getNamespaceURI();
  }

  /**
   * Copies {@code <organizations>} of {@code src} into {@code root} in namespace {@code ns}: their
   * plain attributes and titles, each {@code <item>} through {@code item}.
   */
  static void copyOrganizations(
      Document out,
      Element src,
      Element root,
      String ns,
      java.util.function.UnaryOperator<Element> item) {
    for (Element organizations : ManifestXml.children(src, "organizations")) {
      Element orgs = append(root, ns, "organizations");
      copyPlainAttributes(organizations, orgs);
      for (Element organization : ManifestXml.children(organizations, "organization")) {
        Element org = append(orgs, ns, "organization");
        copyPlainAttributes(organization, org);
        ManifestXml.child(organization, "title")
            .ifPresent(t -> org.appendChild(text(out, ns, "title", t.getTextContent())));
        for (Element child : ManifestXml.children(organization, "item")) {
          org.appendChild(item.apply(child));
        }
      }
    }
  }

  /**
   * Appends the asset resource that carries the bridge script.
   *
   * @param scormType the SCORM type attribute, {@code adlcp:scormtype} (1.2) or {@code
   *     adlcp:scormType} (2004), in namespace {@code adlcp}
   */
  static void appendBridgeAsset(
      Element resources,
      String ns,
      String adlcp,
      String scormType,
      String identifier,
      String scriptPath) {
    Element res = append(resources, ns, "resource");
    res.setAttribute("identifier", identifier);
    res.setAttribute("type", "webcontent");
    res.setAttributeNS(adlcp, scormType, "asset");
    append(res, ns, "file").setAttribute("href", scriptPath);
  }
}

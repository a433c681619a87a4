package org.courseport.server.export.imported;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamResult;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.xml.SecureXml;
import org.courseport.server.packaging.xml.XmlDecoder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads a package manifest into a DOM through the hardened parser the import uses (no DOCTYPE, no
 * external entities, the import's encoding repairs) and writes it back as UTF-8, deterministically.
 */
final class ManifestXml {
  static final String XML_NS = "http://www.w3.org/XML/1998/namespace";
  private static final int MAX_DEPTH = 256;

  private ManifestXml() {}

  /** Parses a manifest; a manifest the import read but this cannot is refused naming the file. */
  static Document parse(byte[] bytes, String path) {
    try {
      String text = XmlDecoder.decode(bytes, path, new Findings());
      if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
        text = text.substring(1);
      }
      InputSource input = new InputSource(new StringReader(text));
      input.setSystemId(path);
      DOMResult result = new DOMResult();
      transformer().transform(new SAXSource(SecureXml.newReader(MAX_DEPTH), input), result);
      return (Document) result.getNode();
    } catch (SAXException
        | TransformerException
        | org.courseport.server.packaging.xml.XmlRefusedException
        | RuntimeException e) {
      throw new ExportRefusedException(
          "the package's manifest " + path + " cannot be read again: " + e.getMessage());
    }
  }

  /** The document as UTF-8 bytes with an XML declaration. */
  static byte[] write(Document document) {
    try {
      Transformer transformer = transformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.setOutputProperty(OutputKeys.STANDALONE, "no");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.setXmlStandalone(true);
      transformer.transform(new DOMSource(document), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("manifest cannot be written", e);
    }
  }

  private static Transformer transformer() throws TransformerException {
    TransformerFactory factory = TransformerFactory.newInstance();
    factory.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
    return factory.newTransformer();
  }

  /** Child elements with this local name, any namespace. */
  static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(local(e))) {
        out.add(e);
      }
    }
    return out;
  }

  /** All child elements. */
  static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  static Optional<Element> child(Element parent, String localName) {
    List<Element> found = children(parent, localName);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The local name of an element or attribute, whether or not it was namespace-parsed. */
  static String local(Node node) {
    String name = node.getLocalName();
    return name != null ? name : node.getNodeName().substring(node.getNodeName().indexOf(':') + 1);
  }

  /** The value of an unqualified attribute, or of a prefixed one in any namespace ({@code x:a}). */
  static String attr(Element e, String localName) {
    if (e.hasAttribute(localName)) {
      return e.getAttribute(localName);
    }
    var attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Node a = attrs.item(i);
      if (localName.equals(local(a))) {
        return a.getNodeValue();
      }
    }
    return "";
  }

  /** The xml:base of an element, trimmed; empty when absent. */
  static String base(Element e) {
    return e.getAttributeNS(XML_NS, "base").trim();
  }

  /** The trimmed text content. */
  static String text(Element e) {
    return e.getTextContent() == null ? "" : e.getTextContent().trim();
  }
}

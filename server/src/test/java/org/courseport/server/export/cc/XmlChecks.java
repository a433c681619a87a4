package org.courseport.server.export.cc;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/** Official-XSD validation and DOM reading of generated XML in tests. */
final class XmlChecks {
  private XmlChecks() {}

  /** A bundled schema under {@code /schemas/}, compiled from the class path (imports relative). */
  static Schema schema(String path) throws Exception {
    URL url = XmlChecks.class.getResource("/schemas/" + path);
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    return factory.newSchema(url);
  }

  /** The violations of {@code xml} against {@code schema}; empty when valid. */
  static List<String> violations(Schema schema, String xml) throws Exception {
    List<String> problems = new ArrayList<>();
    Validator validator = schema.newValidator();
    validator.setErrorHandler(
        new ErrorHandler() {
          @Override
          public void warning(SAXParseException e) {}

          @Override
          public void error(SAXParseException e) {
            problems.add(e.getLineNumber() + ": " + e.getMessage());
          }

          @Override
          public void fatalError(SAXParseException e) {
            problems.add(e.getLineNumber() + ": " + e.getMessage());
          }
        });
    validator.validate(new StreamSource(new StringReader(xml)));
    return problems;
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> all(Element parent, String localName) {
    NodeList nodes = parent.getElementsByTagNameNS("*", localName);
    List<Element> list = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      list.add((Element) nodes.item(i));
    }
    return list;
  }

  static List<String> texts(Element parent, String localName) {
    return all(parent, localName).stream().map(e -> e.getTextContent().trim()).toList();
  }

  /** The fieldentry of a qtimetadatafield with this label inside {@code parent}. */
  static String field(Element parent, String label) {
    for (Element f : all(parent, "qtimetadatafield")) {
      if (texts(f, "fieldlabel").get(0).equals(label)) {
        return texts(f, "fieldentry").get(0);
      }
    }
    return null;
  }
}

package org.courseport.server.packaging.xml;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.XMLReader;

/**
 * Hardened JAXP factories: no DOCTYPE at all, no external entities or DTDs, no XInclude, secure
 * processing with entity-expansion and element-depth limits, and no access to external schemas.
 */
public final class SecureXml {
  private static final String DISALLOW_DOCTYPE =
      "http://apache.org/xml/features/disallow-doctype-decl";
  private static final String LOAD_EXTERNAL_DTD =
      "http://apache.org/xml/features/nonvalidating/load-external-dtd";
  private static final String ENTITY_EXPANSION_LIMIT = "jdk.xml.entityExpansionLimit";
  private static final String MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";
  private static final String SCHEMA_FULL_CHECKING =
      "http://apache.org/xml/features/validation/schema-full-checking";

  private static final SAXParserFactory PARSERS = newParserFactory();

  private SecureXml() {}

  /** A namespace-aware reader that refuses DOCTYPEs and never resolves anything external. */
  public static XMLReader newReader(int maxElementDepth) throws SAXException {
    SAXParser parser;
    try {
      synchronized (PARSERS) {
        parser = PARSERS.newSAXParser();
      }
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("JAXP parser cannot be hardened", e);
    }
    parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    parser.setProperty(ENTITY_EXPANSION_LIMIT, "64");
    // Backstop only: the tree builder enforces the configured depth with its own rule first.
    parser.setProperty(MAX_ELEMENT_DEPTH, String.valueOf(maxElementDepth + 1));
    XMLReader reader = parser.getXMLReader();
    reader.setEntityResolver(
        (publicId, systemId) -> {
          throw new SAXException("external entity refused: " + systemId);
        });
    return reader;
  }

  /** A schema factory for bundled schemas; imports resolve only through the given resolver. */
  public static SchemaFactory newSchemaFactory() {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      // Full checking rejects the official IMS MD 1.2.1 schema (UPA); validation is unaffected.
      factory.setFeature(SCHEMA_FULL_CHECKING, false);
    } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
      throw new IllegalStateException("JAXP schema factory cannot be hardened", e);
    }
    return factory;
  }

  /** Forbids the validator itself from fetching anything (e.g. xsi:schemaLocation hints). */
  public static void harden(Validator validator) throws SAXException {
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    validator.setResourceResolver(
        (type, ns, publicId, systemId, baseUri) -> {
          throw new IllegalStateException("validator tried to load " + systemId);
        });
  }

  private static SAXParserFactory newParserFactory() {
    SAXParserFactory factory = SAXParserFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setValidating(false);
    factory.setXIncludeAware(false);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature(DISALLOW_DOCTYPE, true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature(LOAD_EXTERNAL_DTD, false);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("JAXP parser cannot be hardened", e);
    }
    return factory;
  }
}

package org.courseport.server.domain.media;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.courseport.server.domain.DomainException;

/**
 * SVG is XML that a browser runs scripts from: an SVG is stored only if it parses without a DTD,
 * its root is {@code svg}, and it has no {@code script} or {@code foreignObject} element, no {@code
 * on*} event attribute and no {@code javascript:} link.
 */
final class SvgCheck {

  static final String REASON = "MEDIA_SVG_UNSAFE";

  private static final XMLInputFactory FACTORY = factory();

  private SvgCheck() {}

  /** Throws MEDIA_SVG_UNSAFE naming the first problem found. */
  static void check(byte[] svg, int length) {
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(svg, 0, length));
      boolean root = true;
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.DTD) {
          throw unsafe("it has a DOCTYPE (DTDs are not accepted)");
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
          throw unsafe("it uses an entity reference");
        }
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String name = reader.getLocalName().toLowerCase(Locale.ROOT);
        if (root && !name.equals("svg")) {
          throw unsafe("its root element is <" + reader.getLocalName() + ">, not <svg>");
        }
        root = false;
        if (name.equals("script") || name.equals("foreignobject")) {
          throw unsafe("it contains a <" + reader.getLocalName() + "> element");
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
          String attribute = reader.getAttributeLocalName(i).toLowerCase(Locale.ROOT);
          String value = reader.getAttributeValue(i).strip().toLowerCase(Locale.ROOT);
          if (attribute.startsWith("on")) {
            throw unsafe("it has an event handler attribute '" + attribute + "'");
          }
          if (value.replaceAll("\\s", "").startsWith("javascript:")
              || value.startsWith("data:text/html")) {
            throw unsafe("its attribute '" + attribute + "' links to script");
          }
        }
      }
    } catch (XMLStreamException e) {
      throw unsafe("it is not well-formed XML (" + firstLine(e.getMessage()) + ")");
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing to release
        }
      }
    }
  }

  private static DomainException unsafe(String why) {
    return DomainException.invalid(REASON, "The SVG file is refused: " + why + ".");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    String[] lines = message.strip().split("\\R");
    return lines[lines.length - 1].replaceFirst("^Message:\\s*", "");
  }

  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    return f;
  }
}

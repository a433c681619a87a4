package org.courseport.server.packaging.xml;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/** Parses decoded XML text into an {@link XmlElement} tree with the hardened reader. */
public final class XmlTreeParser {
  /** The XInclude namespace; its elements are kept as plain elements, never processed. */
  public static final String XINCLUDE_NS = "http://www.w3.org/2001/XInclude";

  private final int maxDepth;

  public XmlTreeParser(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /** Parses {@code text}; {@code file} names it in messages. */
  public XmlElement parse(String text, String file) throws XmlRefusedException {
    int doctypeLine = Prolog.doctypeLine(text);
    if (doctypeLine > 0) {
      throw new XmlRefusedException(
          "xml.doctype",
          doctypeLine,
          file
              + " contains a DOCTYPE"
              + " declaration; DTDs and entities are not allowed in packages. Remove the"
              + " <!DOCTYPE ...> line");
    }
    TreeBuilder builder = new TreeBuilder(file);
    try {
      XMLReader reader = SecureXml.newReader(maxDepth);
      reader.setContentHandler(builder);
      reader.setErrorHandler(builder);
      InputSource source = new InputSource(new StringReader(text));
      source.setSystemId(file);
      reader.parse(source);
      return builder.root;
    } catch (SAXException e) {
      throw refusal(e, file);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  private XmlRefusedException refusal(SAXException e, String file) {
    if (e instanceof DepthExceeded deep) {
      return new XmlRefusedException(
          "xml.too-deep",
          deep.line,
          String.format(
              "%s nests elements"
                  + " deeper than %d levels at line %d; it is refused to protect the server",
              file, maxDepth, deep.line));
    }
    if (e instanceof SAXParseException p) {
      return new XmlRefusedException(
          "xml.malformed",
          p.getLineNumber(),
          String.format(
              "%s is not well-formed XML (line %d): %s", file, p.getLineNumber(), p.getMessage()));
    }
    return new XmlRefusedException(
        "xml.malformed", 0, file + " cannot be parsed: " + e.getMessage());
  }

  private static final class DepthExceeded extends SAXException {
    private static final long serialVersionUID = 1L;
    private final int line;

    DepthExceeded(int line) {
      super("element depth limit exceeded");
      this.line = line;
    }
  }

  private final class TreeBuilder extends DefaultHandler {
    private final String file;
    private final Deque<XmlElement> open = new ArrayDeque<>();
    private Locator locator;
    private XmlElement root;

    TreeBuilder(String file) {
      this.file = file;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts)
        throws SAXException {
      int line = locator == null ? 0 : locator.getLineNumber();
      if (open.size() >= maxDepth) {
        throw new DepthExceeded(line);
      }
      List<XmlElement.Attribute> attrs = new ArrayList<>(atts.getLength());
      for (int i = 0; i < atts.getLength(); i++) {
        attrs.add(
            new XmlElement.Attribute(
                atts.getURI(i), atts.getLocalName(i), atts.getQName(i), atts.getValue(i)));
      }
      XmlElement element = new XmlElement(uri, local, qName, line, attrs);
      if (open.isEmpty()) {
        root = element;
      } else {
        open.peek().addChild(element);
      }
      open.push(element);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      open.pop();
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (!open.isEmpty()) {
        open.peek().appendText(ch, start, length);
      }
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public String toString() {
      return "tree of " + file;
    }
  }
}

package org.courseport.server.packaging.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Compiles each bundled schema set once, offline, and hands out the thread-safe {@link Schema}. One
 * registry per process is enough: {@link #shared()}.
 */
public final class SchemaRegistry {
  private static final SchemaRegistry SHARED = new SchemaRegistry();

  private final Map<BundledSchema, Schema> compiled = new ConcurrentHashMap<>();
  private volatile BundledSchemaResolver resolver;

  /** A separate registry with its own cache; production code uses {@link #shared()}. */
  SchemaRegistry() {}

  /** The process-wide registry. */
  public static SchemaRegistry shared() {
    return SHARED;
  }

  /**
   * The compiled schema set; compiled on first use.
   *
   * @throws IllegalStateException when the bundled files are incomplete or invalid
   */
  public Schema schema(BundledSchema which) {
    return compiled.computeIfAbsent(which, this::compile);
  }

  private Schema compile(BundledSchema which) {
    SchemaFactory factory = SecureXml.newSchemaFactory();
    factory.setResourceResolver(resolver());
    factory.setErrorHandler(new FailOnError());
    List<String> entries = which.entries();
    Source[] sources = new Source[entries.size()];
    for (int i = 0; i < sources.length; i++) {
      sources[i] =
          new StreamSource(
              BundledSchemaResolver.open(entries.get(i)),
              BundledSchemaResolver.systemIdOf(entries.get(i)));
    }
    try {
      return factory.newSchema(sources);
    } catch (SAXException e) {
      throw new IllegalStateException("bundled schema " + which.label() + " does not compile", e);
    }
  }

  private BundledSchemaResolver resolver() {
    BundledSchemaResolver r = resolver;
    if (r == null) {
      r = new BundledSchemaResolver(readCatalog());
      resolver = r;
    }
    return r;
  }

  /** Reads the bundled OASIS catalog that maps remote W3C schema URLs to bundled copies. */
  private static Map<String, String> readCatalog() {
    try (InputStream in = BundledSchemaResolver.open("catalog.xml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      XmlElement root = new XmlTreeParser(16).parse(text, "catalog.xml");
      Map<String, String> map = new HashMap<>();
      for (XmlElement e : root.children()) {
        String from = e.localName().equals("system") ? e.attr("systemId") : e.attr("name");
        if (!from.isEmpty() && !e.attr("uri").isEmpty()) {
          map.put(from, e.attr("uri"));
        }
      }
      return map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (XmlRefusedException e) {
      throw new IllegalStateException("bundled catalog.xml is unreadable", e);
    }
  }

  /** Schema warnings (e.g. duplicate imports) are expected; errors mean a broken bundle. */
  private static final class FailOnError implements ErrorHandler {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  }
}

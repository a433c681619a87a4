package org.courseport.server.packaging.xml;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Compiles each bundled schema set once, offline and from memory, and hands out the thread-safe
 * {@link Schema}. One registry per process is enough: {@link #shared()}; the server compiles all
 * sets with {@link #compileAll()} before it starts, and a set that does not compile stops the
 * start.
 */
public final class SchemaRegistry {
  private static final SchemaRegistry SHARED = new SchemaRegistry();

  private final Map<BundledSchema, Schema> compiled = new ConcurrentHashMap<>();
  private BundledSchemaResolver resolver; // guarded by this; dropped once every set is compiled

  private final Supplier<SchemaFiles> files;

  /** A separate registry with its own cache; production code uses {@link #shared()}. */
  SchemaRegistry() {
    this(SchemaFiles::load);
  }

  /** A registry compiling from the given files. */
  SchemaRegistry(Supplier<SchemaFiles> files) {
    this.files = files;
  }

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
    Schema schema = compiled.get(which);
    return schema != null ? schema : compileOnce(which);
  }

  /**
   * Compiles every bundled set now, one after the other, and releases the file bytes.
   *
   * @throws IllegalStateException when a bundled set is incomplete or invalid
   */
  public synchronized void compileAll() {
    for (BundledSchema which : BundledSchema.values()) {
      compileOnce(which);
    }
    resolver = null;
  }

  // One compilation at a time: the sets share files, and a start-up compiles them all anyway.
  private synchronized Schema compileOnce(BundledSchema which) {
    Schema schema = compiled.get(which);
    if (schema == null) {
      schema = compile(which);
      compiled.put(which, schema);
    }
    return schema;
  }

  private Schema compile(BundledSchema which) {
    BundledSchemaResolver r = resolver();
    SchemaFactory factory = SecureXml.newSchemaFactory();
    factory.setResourceResolver(r);
    factory.setErrorHandler(new FailOnError());
    List<String> entries = which.entries();
    Source[] sources = new Source[entries.size()];
    for (int i = 0; i < sources.length; i++) {
      sources[i] =
          new StreamSource(
              r.open(entries.get(i)), BundledSchemaResolver.systemIdOf(entries.get(i)));
    }
    try {
      return factory.newSchema(sources);
    } catch (SAXException e) {
      throw new IllegalStateException("bundled schema " + which.label() + " does not compile", e);
    }
  }

  private BundledSchemaResolver resolver() {
    if (resolver == null) {
      SchemaFiles bundled = files.get();
      resolver = new BundledSchemaResolver(bundled, readCatalog(bundled));
    }
    return resolver;
  }

  /** Reads the bundled OASIS catalog that maps remote W3C schema URLs to bundled copies. */
  private static Map<String, String> readCatalog(SchemaFiles files) {
    try {
      String text = new String(files.bytes("catalog.xml"), StandardCharsets.UTF_8);
      XmlElement root = new XmlTreeParser(16).parse(text, "catalog.xml");
      Map<String, String> map = new HashMap<>();
      for (XmlElement e : root.children()) {
        String from = e.localName().equals("system") ? e.attr("systemId") : e.attr("name");
        if (!from.isEmpty() && !e.attr("uri").isEmpty()) {
          map.put(from, e.attr("uri"));
        }
      }
      return map;
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

package org.courseport.server.packaging.xml;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.util.Map;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;

/**
 * Resolves schema imports, includes and DTDs only to files bundled under {@code /schemas/}:
 * relative locations against the importing document, the W3C {@code xml.xsd} URLs through the
 * bundled catalog. Anything else is refused, so compiling a schema never touches the network. Files
 * come from memory ({@link SchemaFiles}), never from a stream still open on the jar.
 */
final class BundledSchemaResolver implements LSResourceResolver {
  static final String SCHEME = "courseport-schema";

  private final SchemaFiles files;
  private final Map<String, String> catalog;

  BundledSchemaResolver(SchemaFiles files, Map<String, String> catalog) {
    this.files = files;
    this.catalog = Map.copyOf(catalog);
  }

  /** The system id under which a bundled file is known, e.g. {@code courseport-schema:/a.xsd}. */
  static String systemIdOf(String path) {
    return SCHEME + ":/" + path;
  }

  /** Opens a bundled file by its path under the schema root, from memory. */
  InputStream open(String path) {
    return new ByteArrayInputStream(files.bytes(path));
  }

  @Override
  public LSInput resolveResource(
      String type, String namespace, String publicId, String systemId, String baseUri) {
    if (systemId == null) {
      return null; // an import without a location: nothing to load
    }
    String path = bundledPath(systemId.replace('\\', '/'), baseUri);
    return new StreamInput(systemIdOf(path), publicId, open(path));
  }

  private String bundledPath(String systemId, String baseUri) {
    String mapped = catalog.get(systemId);
    if (mapped != null) {
      return mapped;
    }
    URI resolved = baseUri == null ? URI.create(systemId) : URI.create(baseUri).resolve(systemId);
    if (!SCHEME.equals(resolved.getScheme()) || resolved.getPath().contains("..")) {
      throw new IllegalStateException("schema reference outside the bundle refused: " + systemId);
    }
    return resolved.getPath().substring(1);
  }

  /** An LSInput over a byte stream. */
  private static final class StreamInput implements LSInput {
    private String systemId;
    private String publicId;
    private InputStream stream;

    StreamInput(String systemId, String publicId, InputStream stream) {
      this.systemId = systemId;
      this.publicId = publicId;
      this.stream = stream;
    }

    @Override
    public Reader getCharacterStream() {
      return null;
    }

    @Override
    public void setCharacterStream(Reader r) {}

    @Override
    public InputStream getByteStream() {
      return stream;
    }

    @Override
    public void setByteStream(InputStream s) {
      stream = s;
    }

    @Override
    public String getStringData() {
      return null;
    }

    @Override
    public void setStringData(String s) {}

    @Override
    public String getSystemId() {
      return systemId;
    }

    @Override
    public void setSystemId(String s) {
      systemId = s;
    }

    @Override
    public String getPublicId() {
      return publicId;
    }

    @Override
    public void setPublicId(String s) {
      publicId = s;
    }

    @Override
    public String getBaseURI() {
      return null;
    }

    @Override
    public void setBaseURI(String s) {}

    @Override
    public String getEncoding() {
      return null;
    }

    @Override
    public void setEncoding(String s) {}

    @Override
    public boolean getCertifiedText() {
      return false;
    }

    @Override
    public void setCertifiedText(boolean b) {}
  }
}

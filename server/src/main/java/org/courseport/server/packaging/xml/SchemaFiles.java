package org.courseport.server.packaging.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The bundled schema files, read eagerly into memory from the jar (or class directory) that holds
 * them. The jar is opened privately, not through the JDK's shared cache of jar files: a cached jar
 * file can be closed by unrelated code at any moment, which made schema compilation fail with "zip
 * file closed" / "Stream closed" in about two of three starts.
 */
final class SchemaFiles {
  static final String ROOT = "schemas/";

  private final Map<String, byte[]> files;

  private SchemaFiles(Map<String, byte[]> files) {
    this.files = Map.copyOf(files);
  }

  /** Reads every file under {@code /schemas/} next to this class. */
  static SchemaFiles load() {
    return load(SchemaFiles.class.getResource("/" + ROOT + "catalog.xml"));
  }

  /** Reads every file under the {@code schemas/} folder that holds {@code catalog}. */
  static SchemaFiles load(URL catalog) {
    if (catalog == null) {
      throw new IllegalStateException("schema catalog not bundled: /" + ROOT + "catalog.xml");
    }
    try {
      return switch (catalog.getProtocol()) {
        case "jar" -> fromJar(catalog);
        case "file" -> fromDirectory(Path.of(catalog.toURI()).getParent());
        default ->
            throw new IllegalStateException("schemas bundled in an unreadable place: " + catalog);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("bundled schemas could not be read", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bundled schemas could not be located: " + catalog, e);
    }
  }

  private static SchemaFiles fromJar(URL catalog) throws IOException, URISyntaxException {
    URL jarUrl = ((JarURLConnection) catalog.openConnection()).getJarFileURL();
    String entry = catalog.getPath().substring(catalog.getPath().indexOf("!/") + 2);
    String prefix = entry.substring(0, entry.length() - "catalog.xml".length());
    Map<String, byte[]> files = new HashMap<>();
    try (JarFile jar = new JarFile(Path.of(jarUrl.toURI()).toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (!e.isDirectory() && e.getName().startsWith(prefix)) {
          try (InputStream in = jar.getInputStream(e)) {
            files.put(e.getName().substring(prefix.length()), in.readAllBytes());
          }
        }
      }
    }
    return new SchemaFiles(files);
  }

  private static SchemaFiles fromDirectory(Path root) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return new SchemaFiles(files);
  }

  /** The bytes of a bundled file by its path under the schema root. */
  byte[] bytes(String path) {
    byte[] b = files.get(path);
    if (b == null) {
      throw new IllegalStateException("schema file not bundled: /" + ROOT + path);
    }
    return b;
  }

  /** How many files were read. */
  int size() {
    return files.size();
  }
}

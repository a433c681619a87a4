package org.courseport.server.packaging.xml;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.xml.validation.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFilesTest {
  @TempDir Path dir;

  @Test
  void sharedJarFileClosedByOtherCode_schemasStillCompileFromTheirOwnCopy() throws Exception {
    URL catalog = jarOfBundledSchemas();
    // What broke two of three starts: a stream on the JDK's shared, cached jar file dies when
    // some other code closes that jar file.
    URL wrapper = new URL(catalog, "_wrappers/scorm12.xsd");
    JarURLConnection shared = (JarURLConnection) wrapper.openConnection();
    InputStream lazy = shared.getInputStream();
    shared.getJarFile().close();
    assertThatThrownBy(lazy::readAllBytes).isInstanceOf(IOException.class);

    SchemaRegistry registry = new SchemaRegistry(() -> SchemaFiles.load(catalog));
    registry.compileAll();

    Schema scorm12 = registry.schema(BundledSchema.SCORM_12);
    assertThat(scorm12.newValidator()).isNotNull();
  }

  @Test
  void aBundledSchemaThatDoesNotCompile_failsCompileAll() throws Exception {
    URL catalog = jarOfBundledSchemas("scorm12/adlcp_rootv1p2.xsd");

    SchemaRegistry registry = new SchemaRegistry(() -> SchemaFiles.load(catalog));

    assertThatThrownBy(registry::compileAll)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("_wrappers/scorm12.xsd does not compile");
  }

  @Test
  void classDirectory_readsEveryBundledFile() {
    SchemaFiles files = SchemaFiles.load();

    assertThat(files.size()).isGreaterThan(100);
    assertThat(new String(files.bytes("_wrappers/scorm12.xsd"), UTF_8)).contains("schema");
    assertThatThrownBy(() -> files.bytes("nope.xsd")).hasMessageContaining("not bundled");
  }

  @Test
  void missingCatalog_isAStartUpError() {
    assertThatThrownBy(() -> SchemaFiles.load(null)).hasMessageContaining("not bundled");
  }

  /** Copies the bundled schema folder into a jar, as the server jar holds it. */
  private URL jarOfBundledSchemas() throws Exception {
    return jarOfBundledSchemas(null);
  }

  /** The same, with {@code broken} (if not null) cut in half. */
  private URL jarOfBundledSchemas(String broken) throws Exception {
    Path root = Path.of(SchemaFiles.class.getResource("/schemas/catalog.xml").toURI()).getParent();
    Path jar = dir.resolve("server.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out);
        Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String name = root.relativize(p).toString().replace('\\', '/');
        byte[] bytes = Files.readAllBytes(p);
        zip.putNextEntry(new JarEntry("schemas/" + name));
        zip.write(bytes, 0, name.equals(broken) ? bytes.length / 2 : bytes.length);
        zip.closeEntry();
      }
    }
    return new URL("jar:" + jar.toUri() + "!/schemas/catalog.xml");
  }
}

package org.courseport.server.packaging.xml;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.testing.MemoryArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and odd XML: each is refused or repaired with a named rule, nothing is fetched. */
class XmlDocumentLoaderTest {
  private final XmlDocumentLoader loader = new XmlDocumentLoader(InspectionLimits.DEFAULT);
  private final Findings findings = new Findings();
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @TempDir Path dir;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = "<!ENTITY leak 'LEAKED'>".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/x";
  }

  private Optional<XmlDocument> parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private Optional<XmlDocument> parse(byte[] bytes) {
    return loader.parse(bytes, "imsmanifest.xml", findings);
  }

  private Finding onlyFinding() {
    assertThat(findings.list()).hasSize(1);
    return findings.list().get(0);
  }

  @Test
  void xxeFileEntity_isRefusedAsDoctypeWithoutReadingTheFile() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
    Optional<XmlDocument> doc =
        parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE manifest [<!ENTITY xxe SYSTEM "%s">]>
            <manifest><title>&xxe;</title></manifest>"""
                .formatted(secret.toUri()));

    assertThat(doc).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.doctype");
    assertThat(onlyFinding().line()).isEqualTo(2);
    assertThat(onlyFinding().message()).doesNotContain("TOP-SECRET");
  }

  @Test
  void xxeHttpEntity_isRefusedWithoutAnyRequest() {
    Optional<XmlDocument> doc =
        parse(
            """
            <!DOCTYPE manifest [<!ENTITY xxe SYSTEM "%s">]>
            <manifest>&xxe;</manifest>"""
                .formatted(url()));

    assertThat(doc).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.doctype");
    assertThat(requests).hasValue(0);
  }

  @Test
  void externalDtd_isRefusedWithoutAnyRequest() {
    Optional<XmlDocument> doc =
        parse(
            """
            <?xml version="1.0"?>
            <!-- a comment first -->
            <!DOCTYPE manifest SYSTEM "%s">
            <manifest/>"""
                .formatted(url()));

    assertThat(doc).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.doctype");
    assertThat(requests).hasValue(0);
  }

  @Test
  void billionLaughs_isRefusedQuickly() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i - 1) + ";").repeat(10))
          .append("\">");
    }
    Optional<XmlDocument> doc = parse(dtd + "]><lolz>&lol9;</lolz>");

    // Refused at the DOCTYPE, before any entity is expanded (10^9 expansions would not return).
    assertThat(doc).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.doctype");
  }

  @Test
  void undeclaredEntityWithoutDoctype_isMalformed() {
    assertThat(parse("<manifest>&lol;</manifest>")).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.malformed");
  }

  @Test
  void xinclude_isNeverProcessedAndIsWarned() throws IOException {
    Path secret = Files.writeString(dir.resolve("inc.xml"), "<secret>TOP-SECRET</secret>");
    Optional<XmlDocument> doc =
        parse(
            """
            <manifest xmlns:xi="http://www.w3.org/2001/XInclude">
              <xi:include href="%s"/><xi:include href="%s" parse="text"/>
            </manifest>"""
                .formatted(secret.toUri(), url()));

    assertThat(doc).isPresent();
    assertThat(doc.get().root().descendantsAndSelf().map(XmlElement::localName))
        .containsExactly("manifest", "include", "include");
    assertThat(doc.get().text()).doesNotContain("TOP-SECRET");
    assertThat(onlyFinding().rule()).isEqualTo("xml.xinclude.ignored");
    assertThat(requests).hasValue(0);
  }

  @Test
  void hundredThousandLevelsOfNesting_areRefusedWithBoundedStack() {
    String deep = "<a>".repeat(100_000) + "</a>".repeat(100_000);

    assertThat(parse("<manifest>" + deep + "</manifest>")).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.too-deep");
  }

  @Test
  void nestingAtTheLimit_isAccepted() {
    int depth = InspectionLimits.DEFAULT.maxElementDepth();
    assertThat(parse("<a>".repeat(depth) + "</a>".repeat(depth))).isPresent();
    assertThat(findings.list()).isEmpty();
  }

  @Test
  void fiftyMegabyteManifest_isRefusedBySizeWithoutBeingRead() {
    MemoryArchive archive = new MemoryArchive().withHuge("imsmanifest.xml", 50L << 20);
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();

    Optional<XmlDocument> doc =
        loader.load(archive, archive.find("imsmanifest.xml").orElseThrow(), findings);

    assertThat(doc).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.too-large");
    assertThat(rt.totalMemory() - rt.freeMemory() - before).isLessThan(20L << 20);
  }

  @Test
  void fileLargerThanItsDeclaredSize_isRefusedOnTheActualBytes() {
    XmlDocumentLoader small = new XmlDocumentLoader(new InspectionLimits(1024, 64, 5));
    PackageArchive.ArchiveEntry lying =
        new PackageArchive.ArchiveEntry("imsmanifest.xml", "imsmanifest.xml", 10, -1);
    PackageArchive archive =
        new PackageArchive() {
          @Override
          public List<ArchiveEntry> entries() {
            return List.of(lying);
          }

          @Override
          public Optional<ArchiveEntry> find(String path) {
            return Optional.of(lying);
          }

          @Override
          public InputStream open(ArchiveEntry entry) {
            return new MemoryArchive.SpaceStream(1L << 30);
          }

          @Override
          public List<Finding> repairs() {
            return List.of();
          }

          @Override
          public void close() {}
        };

    assertThat(small.load(archive, lying, findings)).isEmpty();
    assertThat(onlyFinding().rule()).isEqualTo("xml.too-large");
  }
}

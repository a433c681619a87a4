package org.courseport.server.grpc.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.courseport.api.v1.CoursePackage;
import org.courseport.api.v1.GetPackageRequest;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.client.cli.ClientFactory;
import org.courseport.client.cli.CourseportCli;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code courseport packages upload|get}, run in-process against the real server over a plaintext
 * gRPC connection (and through a proxy that drops the connection mid-upload).
 */
class PackagesCliTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package:  (\\S+)$");

  @TempDir Path dir;

  private final String key = server.newTenant();

  @Test
  void upload_processesIntoAPackage_thenANewRevision_andGetShowsIt() {
    Path v1 = TestPackages.write(dir, "v1.zip", TestPackages.scorm12("CLI package"));
    Path v2 = TestPackages.write(dir, "v2.zip", TestPackages.scorm2004("CLI package two"));

    Run first = cli(server.server().grpcPort(), "packages", "upload", v1.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    String packageId = packageId(first.out());
    assertThat(first.out())
        .contains(
            "revision: 1",
            "title:    CLI package",
            "version:  1.2",
            "standard: SCORM12",
            "launch:   index.html",
            "findings: none");
    assertThat(first.err())
        .contains("uploading v1.zip: 100%")
        .containsPattern("upload upl_\\S+ complete");

    Run second =
        cli(
            server.server().grpcPort(),
            "packages",
            "upload",
            v2.toString(),
            "--package-id",
            packageId,
            "--uploaded-by",
            "ana");

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(packageId(second.out())).isEqualTo(packageId);
    assertThat(second.out()).contains("revision: 2", "title:    CLI package two");
    CoursePackage stored = getPackage(packageId);
    assertThat(stored.getCurrentRevision()).isEqualTo(2);
    assertThat(stored.getTitle()).isEqualTo("CLI package two");

    Run shown = cli(server.server().grpcPort(), "packages", "get", packageId);
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(shown.out())
        .contains("package:  " + packageId, "revision: 2", "standard: SCORM2004");
  }

  @Test
  void list_showsTheTenantsPackagesNewestFirst_andTenantShowsItsUuidAndUsage() {
    Path a = TestPackages.write(dir, "a.zip", TestPackages.scorm12("Listed first"));
    Path b = TestPackages.write(dir, "b.zip", TestPackages.scorm12("Listed second"));
    String first =
        packageId(cli(server.server().grpcPort(), "packages", "upload", a.toString()).out());
    String second =
        packageId(cli(server.server().grpcPort(), "packages", "upload", b.toString()).out());

    Run list = cli(server.server().grpcPort(), "packages", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains("Listed first", "Listed second");
    assertThat(list.out().indexOf(second)).isLessThan(list.out().indexOf(first));

    Run one = cli(server.server().grpcPort(), "packages", "list", "--limit", "1", "--json");
    assertThat(one.exitCode()).as(one.err()).isZero();
    assertThat(one.out()).contains(second).doesNotContain(first);

    Run tenant = cli(server.server().grpcPort(), "packages", "tenant");
    assertThat(tenant.exitCode()).as(tenant.err()).isZero();
    assertThat(tenant.out())
        .containsPattern("tenant_id: [0-9a-f-]{36}")
        .contains("packages:  2 of unlimited");

    Run bad = cli(server.server().grpcPort(), "packages", "list", "--limit", "0");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--limit must be at least 1");
  }

  @Test
  void upload_validateOnly_printsTheSummary_andStoresNoPackage_json() {
    Path zip = TestPackages.write(dir, "check.zip", TestPackages.scorm12("Only checked"));

    Run run =
        cli(server.server().grpcPort(), "packages", "upload", zip.toString(), "--validate-only");
    Run json =
        cli(
            server.server().grpcPort(),
            "packages",
            "upload",
            zip.toString(),
            "--validate-only",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("valid:    yes (validation only, nothing stored)", "title:    Only checked")
        .doesNotContain("package:");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json.out()).contains("\"validation_only\": true", "\"title\": \"Only checked\"");
  }

  @Test
  void upload_invalidArguments_andABrokenPackage_failInOneLine() {
    Path junk = TestPackages.write(dir, "junk.zip", "not a zip at all".getBytes());

    Run both =
        cli(
            server.server().grpcPort(),
            "packages",
            "upload",
            junk.toString(),
            "--validate-only",
            "--package-id",
            "p");
    Run broken = cli(server.server().grpcPort(), "packages", "upload", junk.toString());

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--validate-only stores nothing");
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.errorLines()).hasSize(1);
  }

  @Test
  void upload_connectionDroppedMidStream_resumesByItself_andSendsOnlyTheRest() throws Exception {
    byte[] zip = bigPackage("Resumed through the CLI", 6 * 1024 * 1024);
    Path file = TestPackages.write(dir, "big.zip", zip);

    Run run;
    try (CuttableProxy proxy = new CuttableProxy(server.server().grpcPort())) {
      proxy.cutOnceAfter(zip.length / 2);
      run = cli(proxy.port(), "packages", "upload", file.toString());
      assertThat(proxy.upstreamAtCut()).as("the proxy cut the connection").isPositive();
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("connection lost (UNAVAILABLE").contains("(attempt 2 of 6)");
    Matcher resumed =
        Pattern.compile(
                "resumed at byte (\\d+) of (\\d+); the last stream sent the remaining (\\d+)")
            .matcher(run.err());
    assertThat(resumed.find()).as(run.err()).isTrue();
    long offset = Long.parseLong(resumed.group(1));
    assertThat(offset).isPositive();
    assertThat(Long.parseLong(resumed.group(2))).isEqualTo(zip.length);
    assertThat(Long.parseLong(resumed.group(3))).isEqualTo(zip.length - offset);
    assertThat(run.out()).contains("revision: 1", "title:    Resumed through the CLI");
    assertThat(getPackage(packageId(run.out())).getFileSizeBytes()).isEqualTo(zip.length);
  }

  /** A SCORM 1.2 package with a large incompressible media file. */
  private static byte[] bigPackage(String title, int mediaBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes);
        ZipInputStream in =
            new ZipInputStream(new ByteArrayInputStream(TestPackages.scorm12(title)))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.putNextEntry(new ZipEntry(e.getName()));
        in.transferTo(out);
        out.closeEntry();
      }
      byte[] media = new byte[mediaBytes];
      new Random(11).nextBytes(media);
      out.putNextEntry(new ZipEntry("media/video.bin"));
      out.write(media);
      out.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static String packageId(String out) {
    Matcher m = PACKAGE.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  private CoursePackage getPackage(String packageId) {
    Metadata auth = new Metadata();
    auth.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(key));
    return PackageServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
        .getPackage(GetPackageRequest.newBuilder().setPackageId(packageId).build());
  }

  /** Runs {@code courseport --target 127.0.0.1:port --key ... args}. */
  private Run cli(int port, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--target=127.0.0.1:" + port);
    all.add("--key=" + key);
    CommandLine commandLine =
        CourseportCli.commandLine(new CourseportCli(ClientFactory.PLAINTEXT, false));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(all.toArray(String[]::new));
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {
    List<String> errorLines() {
      return err.lines().filter(l -> l.startsWith("error:")).toList();
    }
  }
}

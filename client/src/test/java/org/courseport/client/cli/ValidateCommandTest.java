package org.courseport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.courseport.api.v1.ValidationFinding;
import org.courseport.api.v1.ValidationFinding.Severity;
import org.courseport.api.v1.ValidationReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;
  private CliHarness cli;
  private Path zip;

  @BeforeEach
  void start() throws Exception {
    cli = new CliHarness();
    zip = Files.write(dir.resolve("golf.zip"), new byte[70_000]);
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void validate_invalidPackage_printsOneLinePerFindingAndSummaryAndExitsOne() {
    cli.service.validationReport =
        ValidationReport.newBuilder()
            .setPackageFormat("scorm-2004-3rd")
            .setValid(false)
            .setErrorCount(1)
            .setWarningCount(1)
            .addFindings(finding(Severity.ERROR, "xsd", "imsmanifest.xml", 12, "Unexpected <foo>."))
            .addFindings(finding(Severity.WARNING, "zip.folder", "", 0, "Manifest in a folder."))
            .build();

    CliHarness.Run run = cli.run("validate", zip.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.outLines())
        .containsExactly(
            "ERROR xsd imsmanifest.xml:12 Unexpected <foo>.",
            "WARNING zip.folder - Manifest in a folder.",
            "invalid: 1 error, 1 warning (scorm-2004-3rd)");
    assertThat(cli.service.validateMessages.get(0).getFileName()).isEqualTo("golf.zip");
    assertThat(cli.service.validateMessages).hasSize(1 + 2);
  }

  @Test
  void validate_validPackage_exitsZero() {
    cli.service.validationReport =
        ValidationReport.newBuilder()
            .setPackageFormat("scorm-1.2")
            .setValid(true)
            .addFindings(finding(Severity.WARNING, "manifest.bom", "imsmanifest.xml", 1, "BOM."))
            .setWarningCount(1)
            .build();

    CliHarness.Run run = cli.run("validate", zip.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).last().isEqualTo("valid: 0 errors, 1 warning (scorm-1.2)");
  }

  @Test
  void validate_json_printsTheReportWithDefaults() {
    cli.service.validationReport = ValidationReport.newBuilder().setValid(true).build();

    CliHarness.Run run = cli.run("validate", zip.toString(), "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"valid\": true").contains("\"errorCount\": 0");
  }

  private static ValidationFinding finding(
      Severity severity, String rule, String file, int line, String message) {
    return ValidationFinding.newBuilder()
        .setSeverity(severity)
        .setRule(rule)
        .setFile(file)
        .setLine(line)
        .setMessage(message)
        .build();
  }
}

package org.courseport.server.export.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code bridge-scripts.test.js} under node: both bridge scripts against fake LMS APIs (data
 * model mapping, statuses, scores, time formats, interactions, error codes, the 4096-character
 * suspend_data limit, launch URL and terminate on pagehide). Skipped with a message without node.
 */
class BridgeScriptsTest {

  @Test
  void bridgeScripts_mapTheDataModelBothWays() throws Exception {
    assumeTrue(nodeAvailable(), "node is not installed; the bridge script tests need it");
    Path scripts = Path.of(BridgePages.class.getResource("scorm12-on-2004.js").toURI()).getParent();
    Path test = Path.of(getClass().getResource("bridge-scripts.test.js").toURI());

    Process node =
        new ProcessBuilder("node", test.toString(), scripts.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("bridge scripts: ok");
  }

  private static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

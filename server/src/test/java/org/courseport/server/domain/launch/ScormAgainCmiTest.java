package org.courseport.server.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.courseport.server.domain.xapi.Interaction;
import org.junit.jupiter.api.Test;

/**
 * The CMI JSON that the pinned scorm-again (3.4.3) renders with {@code renderCMIToJSONObject()}
 * after a SCO set its values through the API (recorded in Node from the package's dist files; see
 * the resources), read by {@link CmiReader}: the {@code {"cmi": …}} wrapper, string values,
 * interactions keyed by index.
 */
class ScormAgainCmiTest {
  static String resource(String name) throws Exception {
    try (InputStream in = ScormAgainCmiTest.class.getResourceAsStream("/launch/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void scorm12() throws Exception {
    CmiData d = CmiReader.read("scorm12", resource("scorm-again-3.4.3-scorm12-cmi.json"));
    assertThat(d.completionStatus()).isEqualTo("completed");
    assertThat(d.successStatus()).isEqualTo("passed");
    assertThat(d.scoreRaw()).isEqualTo(85.0);
    assertThat(d.scoreScaled()).isEqualTo(0.85);
    assertThat(d.location()).isEqualTo("page-3");
    assertThat(d.suspendData()).isEqualTo("abc");
    assertThat(d.exit()).isEqualTo("suspend");
    assertThat(d.sessionTime()).isEqualTo(Duration.ofMillis(90_500));
    assertThat(d.interactions())
        .containsExactly(
            new Interaction(0, "q1", "choice", "a", "correct", List.of("a"), null, null));
  }

  @Test
  void scorm2004() throws Exception {
    CmiData d = CmiReader.read("scorm2004", resource("scorm-again-3.4.3-scorm2004-cmi.json"));
    assertThat(d.completionStatus()).isEqualTo("completed");
    assertThat(d.successStatus()).isEqualTo("passed");
    assertThat(d.scoreScaled()).isEqualTo(0.9);
    assertThat(d.scoreRaw()).isEqualTo(9.0);
    assertThat(d.scoreMax()).isNull();
    assertThat(d.location()).isEqualTo("p2");
    assertThat(d.suspendData()).isEqualTo("xyz");
    assertThat(d.sessionTime()).isEqualTo(Duration.ofSeconds(45));
    assertThat(d.interactions())
        .containsExactly(
            new Interaction(
                0, "q1", "true-false", "true", "incorrect", List.of("false"), null, null));
  }
}

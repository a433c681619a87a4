package org.courseport.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.courseport.server.domain.LogContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The production {@code logback.xml} in a logger context of its own: {@code COURSEPORT_LOG_FORMAT}
 * {@code json} writes one JSON object per line with the MDC's request id; unset keeps the text
 * lines.
 */
class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void json_writesOneObjectPerLine_withTheRequestId() throws Exception {
    List<String> lines = logWith("json");

    assertThat(lines).hasSize(2);
    JsonNode info = JSON.readTree(lines.get(0));
    assertThat(info.get("message").asText()).isEqualTo("Imported course 'c-1' version 0");
    assertThat(info.get("level").asText()).isEqualTo("INFO");
    assertThat(info.get("logger_name").asText()).isEqualTo("org.courseport.server.jobs.Example");
    assertThat(info.get("thread_name").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(info.get("requestId").asText()).isEqualTo("req-json-1");
    assertThat(info.get("@timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
    JsonNode error = JSON.readTree(lines.get(1));
    assertThat(error.get("level").asText()).isEqualTo("ERROR");
    assertThat(error.has("requestId")).isFalse();
    assertThat(error.get("stack_trace").asText()).contains("IllegalStateException: broken");
  }

  @Test
  void text_isTheDefault() throws Exception {
    List<String> lines = logWith(null);

    assertThat(lines.get(0))
        .matches(
            "\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[.*\\] .*Example - Imported course 'c-1'.*");
    assertThat(lines.get(0)).doesNotStartWith("{");
  }

  /** Configures a fresh context from logback.xml, logs two events, returns the console lines. */
  private static List<String> logWith(String format) throws Exception {
    URL config = LogFormatTest.class.getClassLoader().getResource("logback.xml");
    assertThat(config).isNotNull();
    LoggerContext context = new LoggerContext();
    // The MDC that org.slf4j.MDC writes to (logback keeps one per context).
    context.setMDCAdapter(MDC.getMDCAdapter());
    if (format != null) {
      context.putProperty("COURSEPORT_LOG_FORMAT", format);
    }
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // The console appender writes to System.out as it is at each write.
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(config);
      Logger log = context.getLogger("org.courseport.server.jobs.Example");
      try (LogContext.Scope scope = LogContext.withRequestId("req-json-1")) {
        log.info("Imported course '{}' version {}", "c-1", 0);
      }
      log.error("Import failed", new IllegalStateException("broken"));
    } finally {
      System.setOut(stdout);
      context.stop();
    }
    // No warning or error while configuring (logback would print its status at every start).
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .allSatisfy(s -> assertThat(s.getLevel()).as(s.toString()).isZero());
    return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}

package org.courseport.server.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The console encoder that {@code COURSEPORT_LOG_FORMAT} selects in {@code logback.xml}: {@code
 * text} (the default, the given pattern, for humans) or {@code json} (one JSON object per line:
 * {@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name}, {@code message},
 * {@code stack_trace} and the MDC, among it {@code requestId}). One appender, so that logback has
 * no unused appender to warn about at every start.
 */
public final class LogFormatEncoder extends EncoderBase<ILoggingEvent> {

  private String format = "text";
  private String pattern = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
  private Encoder<ILoggingEvent> delegate;

  /** {@code text} or {@code json}. */
  public void setFormat(String format) {
    this.format = format == null ? "text" : format.trim();
  }

  /** The text format's pattern. */
  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    if (format.equals("json")) {
      delegate = new LogstashEncoder();
    } else {
      if (!format.equals("text")) {
        addError("COURSEPORT_LOG_FORMAT must be 'text' or 'json', got '" + format + "'; text");
      }
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(pattern);
      delegate = text;
    }
    delegate.setContext(getContext());
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }
}

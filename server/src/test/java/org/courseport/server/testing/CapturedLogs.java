package org.courseport.server.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the process (root logger, at the configured levels) while open: the
 * rendered message, the MDC and any stack trace. Test helper.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final List<ILoggingEvent> events = new ArrayList<>();
  private final Logger root;

  private CapturedLogs(Logger root) {
    this.root = root;
  }

  /** Starts capturing; close to stop. */
  public static CapturedLogs open() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    CapturedLogs logs = new CapturedLogs(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    logs.setContext(context);
    logs.setName("captured-" + System.identityHashCode(logs));
    logs.start();
    logs.root.addAppender(logs);
    return logs;
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    events.add(event);
  }

  /** The events so far. */
  public synchronized List<ILoggingEvent> events() {
    return List.copyOf(events);
  }

  /** Every event as one text: thread, logger, MDC, message and stack trace. */
  public synchronized String text() {
    StringBuilder out = new StringBuilder();
    for (ILoggingEvent e : events) {
      out.append(e.getThreadName())
          .append(' ')
          .append(e.getLoggerName())
          .append(' ')
          .append(e.getMDCPropertyMap())
          .append(' ')
          .append(e.getFormattedMessage())
          .append('\n');
      if (e.getThrowableProxy() != null) {
        out.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}

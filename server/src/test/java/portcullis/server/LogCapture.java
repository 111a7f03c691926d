package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** Collects every log line (with exceptions) while a test class runs, to prove no secret is logged. */
public final class LogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Everything logged so far, one line per event, with throwable messages. */
  public String text() {
    StringBuilder b = new StringBuilder();
    synchronized (appender.list) {
      for (ILoggingEvent e : appender.list) {
        b.append(e.getFormattedMessage()).append('\n');
        for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
          b.append(t.getMessage()).append('\n');
        }
      }
    }
    return b.toString();
  }

  /** The WARN and ERROR events so far, one line each ("LEVEL logger: message"), with any throwable's class and message. */
  public String warningsAndErrors() {
    StringBuilder b = new StringBuilder();
    synchronized (appender.list) {
      for (ILoggingEvent e : appender.list) {
        if (e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)) {
          b.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(": ").append(e.getFormattedMessage()).append('\n');
          for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append("  ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
          }
        }
      }
    }
    return b.toString();
  }

  public void assertNoneOf(String... secrets) {
    String all = text();
    for (String s : secrets) {
      assertThat(all).as("a secret appeared in the log").doesNotContain(s);
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
  }
}

package org.p2sgate.core.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Maps OpenVPN's {@code verb} onto log levels of the {@code org.p2sgate} loggers. */
final class LogLevels {
  private LogLevels() {}

  /** 0: WARN; 1..3: INFO; 4..6: DEBUG; 7 and up: TRACE. */
  static Level forVerbosity(int verb) {
    if (verb >= 7) {
      return Level.TRACE;
    } else if (verb >= 4) {
      return Level.DEBUG;
    } else if (verb >= 1) {
      return Level.INFO;
    }
    return Level.WARN;
  }

  static void applyVerbosity(int verb) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger("org.p2sgate").setLevel(forVerbosity(verb));
    }
  }
}

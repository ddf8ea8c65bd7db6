package org.p2sgate.core.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import org.p2sgate.core.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches standard output between text lines and JSON lines ({@code log: { format: json }}, or
 * {@code P2SGATE_LOG_FORMAT=json} from the first line on). JSON comes from
 * logstash-logback-encoder: {@code @timestamp}, {@code level}, {@code logger_name}, {@code
 * thread_name}, {@code message}, {@code stack_trace}, and the SLF4J key-value pairs of session
 * events as fields of their own.
 */
final class LogOutput {
  /** The environment variable that picks the format before any configuration is read. */
  static final String ENV = "P2SGATE_LOG_FORMAT";

  private LogOutput() {}

  /**
   * Writes out the lines still queued for standard output and stops logging: the last thing the
   * process does (lines logged afterwards are lost). Idempotent.
   */
  static void stop() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }

  /** The format {@code P2SGATE_LOG_FORMAT} asks for, or {@code null} when unset or unknown. */
  static ServerConfig.LogFormat fromEnvironment(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "json" -> ServerConfig.LogFormat.JSON;
      case "text" -> ServerConfig.LogFormat.TEXT;
      default -> null;
    };
  }

  /**
   * Writes standard output's log lines in {@code format} from now on: JSON swaps the encoder of
   * logback.xml's console appender, behind the same queue and output thread as text. Text is
   * logback.xml's own appenders, as configured at start: asking for it changes nothing.
   */
  static void apply(ServerConfig.LogFormat format) {
    if (format != ServerConfig.LogFormat.JSON
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    LogstashEncoder json = new LogstashEncoder();
    json.setContext(context);
    json.start();
    if (root.getAppender("ASYNC") instanceof ch.qos.logback.classic.AsyncAppender async
        && async.getAppender("CONSOLE") instanceof ConsoleAppender<ILoggingEvent> console) {
      // logback.xml's queue and output thread stay: only the format changes
      console.setEncoder(json);
      return;
    }
    // another logging configuration than logback.xml's: JSON lines to standard output
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setEncoder(json);
    console.start();
    root.detachAndStopAllAppenders();
    root.addAppender(console);
  }
}

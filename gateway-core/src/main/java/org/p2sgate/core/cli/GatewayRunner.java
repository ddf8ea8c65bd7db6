package org.p2sgate.core.cli;

import java.io.PrintWriter;
import org.p2sgate.core.config.ConfigSource;
import org.p2sgate.core.config.ParsedConfig;
import org.p2sgate.core.server.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a gateway from a loaded configuration until it stops: applies the verbosity, logs the
 * configuration warnings, starts, and closes the gateway from a JVM shutdown hook on SIGTERM or
 * SIGINT. SIGHUP reloads the configuration and SIGUSR2 logs the status (see {@link Signals}).
 */
final class GatewayRunner {
  /** Exit status for a problem the operator must fix (bad configuration, cannot start). */
  static final int EXIT_CONFIG = 2;

  private static final Logger log = LoggerFactory.getLogger(GatewayRunner.class);

  private final GatewayStarter starter;
  private final PrintWriter err;

  GatewayRunner(GatewayStarter starter, PrintWriter err) {
    this.starter = starter;
    this.err = err;
  }

  /** Prints the one-line {@code p2sgate: message} and returns {@link #EXIT_CONFIG}. */
  static int fail(PrintWriter err, String message) {
    err.println("p2sgate: " + message);
    err.flush();
    return EXIT_CONFIG;
  }

  /** Runs {@code parsed}, which cannot be reloaded (SIGHUP then only logs that). */
  int run(ParsedConfig parsed) {
    return run(parsed, null);
  }

  /**
   * Runs {@code parsed}; SIGHUP reads {@code source} again and applies what can be applied while
   * running, SIGUSR2 logs the status, as OpenVPN does.
   */
  int run(ParsedConfig parsed, ConfigSource source) {
    LogLevels.applyVerbosity(parsed.config().verbosity());
    if (LogOutput.fromEnvironment(System.getenv(LogOutput.ENV)) == null) {
      LogOutput.apply(parsed.config().logFormat()); // the environment, when set, has the last word
    }
    for (String warning : parsed.warnings()) {
      log.warn(warning);
    }
    log.info("starting: {}", parsed.config());
    GatewayStarter.RunningGateway gateway;
    try {
      gateway = starter.start(parsed.config());
    } catch (StartupException e) {
      return fail(err, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    if (source != null) {
      gateway.reloadFrom(source);
    }
    Signals.onHangup(
        () -> {
          log.info("SIGHUP: reloading the configuration");
          gateway.reload();
        });
    Signals.onUser2(gateway::logStatus);
    Thread hook =
        new Thread(
            () -> {
              gateway.close();
              LogOutput.stop(); // the JVM is going: its queued lines, "stopped" last, go out now
            },
            "p2sgate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      gateway.awaitShutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      gateway.close();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: nothing to undo
      }
    }
    log.info("stopped");
    return 0;
  }
}

package org.p2sgate.core.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP and SIGUSR2 as an OpenVPN operator expects them: reload, and status to the log (the JVM
 * would otherwise stop on SIGHUP and ignore SIGUSR2). Handled by {@code sun.misc.Signal}, the one
 * way the JDK offers; each handler runs on a thread of its own so the JVM's signal thread never
 * waits. Where the JVM refuses a signal (it may reserve one), the API does the same job and a
 * warning says so.
 */
final class Signals {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  static void onHangup(Runnable action) {
    handle("HUP", action, "POST /api/v1/reload");
  }

  static void onUser2(Runnable action) {
    handle("USR2", action, "GET /api/v1/status");
    if (System.getenv("_JAVA_SR_SIGNUM") == null) {
      // HotSpot suspends threads with SIGUSR2 for JFR's sampler unless told another signal:
      // with our handler in its place a recording gets no samples and each sample logs a status
      log.info(
          "SIGUSR2 logs the status; to profile with JFR, start the JVM with _JAVA_SR_SIGNUM=40 in"
              + " its environment (./p2sgate and the image do)");
    }
  }

  private static void handle(String name, Runnable action, String instead) {
    try {
      sun.misc.SignalHandler before =
          sun.misc.Signal.handle(
              new sun.misc.Signal(name),
              signal ->
                  Thread.ofPlatform()
                      .name("p2sgate-SIG" + name)
                      .daemon(true)
                      .start(
                          () -> {
                            try {
                              action.run();
                            } catch (RuntimeException e) {
                              log.error("SIG{} failed", name, e);
                            }
                          }));
      if (before == sun.misc.SignalHandler.SIG_IGN) {
        // the JVM keeps a signal ignored that the process inherited as ignored (nohup does that
        // to SIGHUP): our handler is not installed, and the signal would do nothing unseen
        log.warn(
            "SIG{} is ignored by this process (started under nohup?): it does nothing; use {}",
            name,
            instead);
      }
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.warn("SIG{} cannot be handled here ({}); use {}", name, e.getMessage(), instead);
    }
  }
}

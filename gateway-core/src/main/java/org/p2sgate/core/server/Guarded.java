package org.p2sgate.core.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the event loop's own tasks (the timer tick, finished logins, revocation changes) so that a
 * bug in one run is logged and the next run still happens: Netty stops rescheduling a periodic task
 * whose run throws, which would stop every session's timers for good.
 */
final class Guarded {
  private static final Logger log = LoggerFactory.getLogger(Guarded.class);

  private Guarded() {}

  /** {@code task}, catching what it throws. */
  static Runnable task(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        log.error("internal error in {}; carrying on", what, e);
      }
    };
  }
}

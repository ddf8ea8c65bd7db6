package org.p2sgate.core.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run TLS handshakes off the event loop (decision 24): as many as the machine has
 * cores unless {@code -Dp2sgate.tls.threads=N} says otherwise; 0 keeps the handshakes on the event
 * loop. The queue needs no bound of its own: each key state has at most one job queued or running,
 * and the pending-login limits bound the key states that are still handshaking.
 */
final class TlsWorkers {
  static final String PROPERTY = "p2sgate.tls.threads";

  private TlsWorkers() {}

  /** The configured number of threads, from the property or the cores. */
  static int configured() throws StartupException {
    String value = System.getProperty(PROPERTY);
    if (value == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0 && n <= 256) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new StartupException("-D" + PROPERTY + " must be a number of threads, 0..256: " + value);
  }

  /** A pool of {@code threads} daemon threads named p2sgate-tls-N, or {@code null} for none. */
  static ExecutorService start(int threads) {
    if (threads == 0) {
      return null;
    }
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "p2sgate-tls-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}

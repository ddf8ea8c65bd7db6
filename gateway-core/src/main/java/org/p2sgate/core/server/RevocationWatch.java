package org.p2sgate.core.server;

import java.io.Closeable;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.p2sgate.auth.cert.RevocationList;

/**
 * Re-reads the revocation lists when their files change, on a thread of its own: polling the files,
 * reading and parsing CRLs and checking their signatures never run on the event loop that carries
 * every packet. Only the finished verdict (a predicate over a session's certificate path) is handed
 * to the loop.
 */
final class RevocationWatch implements Closeable {
  private final ScheduledExecutorService thread;
  private final Closeable polling;

  private RevocationWatch(ScheduledExecutorService thread, Closeable polling) {
    this.thread = thread;
    this.polling = polling;
  }

  /**
   * Starts polling {@code list} once a second; after every reload, {@code onLoop} gets the new
   * verdict on {@code loop}.
   */
  static RevocationWatch start(
      RevocationList list, Executor loop, Consumer<Predicate<List<X509Certificate>>> onLoop) {
    ScheduledExecutorService thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "p2sgate-revocation-watch");
              t.setDaemon(true);
              return t;
            });
    list.addListener(
        revoked ->
            loop.execute(Guarded.task("closing revoked sessions", () -> onLoop.accept(revoked))));
    return new RevocationWatch(thread, list.watch(thread));
  }

  @Override
  public void close() {
    try {
      polling.close();
    } catch (java.io.IOException e) {
      // cancelling a scheduled task does not fail
    }
    thread.shutdownNow();
  }
}

package org.p2sgate.core.admin;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.p2sgate.core.session.SessionInfo;

/** What the admin API asks of the running gateway; answers come from its event loop. */
public interface GatewayControl {
  /** Every admitted session, now. */
  CompletableFuture<List<SessionInfo>> sessions();

  /**
   * Tells the sessions {@code which} selects to reconnect (or, {@code reconnect} false, to stop)
   * and ends them.
   *
   * @return how many there were
   */
  CompletableFuture<Integer> disconnect(Predicate<SessionInfo> which, boolean reconnect);

  /**
   * Stops admitting new clients, tells the connected ones to move to the next server of their list,
   * and stops the gateway when the last session has ended or at {@code deadline}.
   *
   * @return how many clients were told
   */
  CompletableFuture<Integer> drain(java.time.Duration deadline);

  /**
   * Why the gateway does not serve new clients now (not yet listening, draining, stopping, an
   * authentication back end unanswered beyond its tolerance); empty when it is ready.
   */
  List<String> notReady();

  /** The Prometheus text exposition. */
  String metrics();

  /**
   * Reads the configuration again and applies it to new logins (SIGHUP does the same). Completes
   * with what was done, or exceptionally with {@link ReloadRefused} when the configuration is
   * invalid or changes a setting that needs a restart; the gateway then keeps what it had.
   */
  CompletableFuture<String> reload();

  /**
   * A summary of now: sessions, pending logins, pool use, drops by reason, readiness. The same is
   * logged on SIGUSR2.
   */
  CompletableFuture<java.util.Map<String, Object>> status();
}

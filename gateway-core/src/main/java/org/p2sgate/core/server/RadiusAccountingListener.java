package org.p2sgate.core.server;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.p2sgate.auth.radius.RadiusAccounting;
import org.p2sgate.auth.radius.RadiusConfig;
import org.p2sgate.core.observe.CloseCause;
import org.p2sgate.core.observe.SessionListener;

/**
 * RADIUS accounting (RFC 2866) for every admitted session: Start when it is established,
 * Interim-Update with its running totals every {@code interim-interval}, Stop with its bytes and
 * duration when it ends; the Class from Access-Accept is echoed. Requests go out on their own
 * threads, never on the event loop.
 */
final class RadiusAccountingListener implements SessionListener {
  private final RadiusAccounting accounting;
  private final Map<String, RadiusAccounting.Session> open = new ConcurrentHashMap<>();

  private final Duration interval;

  RadiusAccountingListener(
      RadiusConfig config, Executor executor, org.p2sgate.auth.BackendObserver observer) {
    this.accounting = new RadiusAccounting(config, executor, observer);
    this.interval = config.interimInterval();
  }

  @Override
  public void established(
      String sessionId,
      String identity,
      InetSocketAddress source,
      Inet4Address address,
      Map<String, String> attributes) {
    RadiusAccounting.Session s =
        RadiusAccounting.Session.of(
            sessionId, identity, source, Optional.ofNullable(address), attributes);
    open.put(sessionId, s);
    accounting.start(s);
  }

  @Override
  public Duration interimInterval() {
    return interval;
  }

  @Override
  public void interim(String sessionId, long bytesIn, long bytesOut, long durationMs) {
    RadiusAccounting.Session s = open.get(sessionId);
    if (s != null) {
      accounting.interim(
          s, new RadiusAccounting.Usage(bytesIn, bytesOut, Duration.ofMillis(durationMs)));
    }
  }

  @Override
  public void ended(
      String sessionId,
      long bytesIn,
      long bytesOut,
      long durationMs,
      CloseCause cause,
      String detail) {
    RadiusAccounting.Session s = open.remove(sessionId);
    if (s != null) {
      accounting.stop(
          s,
          new RadiusAccounting.Usage(bytesIn, bytesOut, Duration.ofMillis(Math.max(0, durationMs))),
          cause.acctTerminateCause());
    }
  }
}

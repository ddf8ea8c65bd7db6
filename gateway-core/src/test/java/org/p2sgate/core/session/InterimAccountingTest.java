package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.CloseCause;
import org.p2sgate.core.observe.SessionListener;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.tun.testing.Packets;

/**
 * The session listener hears running totals every interim interval, then the final ones; RADIUS
 * Acct-Interim-Interval and Session-Timeout from the login change them for that session.
 */
class InterimAccountingTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);

  /** Records what it hears, as "kind bytesIn durationS". */
  private static final class Recorder implements SessionListener {
    final List<String> heard = new CopyOnWriteArrayList<>();

    @Override
    public Duration interimInterval() {
      return Duration.ofSeconds(60);
    }

    @Override
    public void established(
        String id, String who, InetSocketAddress src, Inet4Address ip, Map<String, String> a) {
      heard.add("start " + who);
    }

    @Override
    public void interim(String id, long bytesIn, long bytesOut, long durationMs) {
      heard.add("interim " + bytesIn + " " + durationMs / 1000);
    }

    @Override
    public void ended(
        String id, long bytesIn, long bytesOut, long durationMs, CloseCause cause, String detail) {
      heard.add(
          "stop " + bytesIn + (cause == CloseCause.SESSION_TIMEOUT ? " Session-Timeout" : ""));
    }
  }

  @Test
  void interimUpdatesCarryTheRunningTotalsEveryInterval() {
    Recorder rec = new Recorder();
    TestGateway gw = TestGateway.builder().listener(rec).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    byte[] ip =
        Packets.udp4(
            TestGateway.ip("10.8.0.2"),
            1000,
            TestGateway.ip("10.99.0.1"),
            2000,
            "through the tunnel".getBytes(StandardCharsets.UTF_8));
    c.sendIp(ip, gw.now());
    gw.exchange();
    gw.advance(61_000);
    c.sendIp(ip, gw.now());
    gw.exchange();
    gw.advance(60_000);
    c.sendExit(gw.now());
    gw.exchange();
    gw.advance(5_000);

    List<String> heard = rec.heard;
    assertEquals("start alice", heard.get(0), heard.toString());
    List<String> interims = heard.stream().filter(h -> h.startsWith("interim")).toList();
    assertEquals(2, interims.size(), heard.toString());
    assertEquals("interim " + ip.length + " 60", interims.get(0));
    assertEquals("interim " + 2 * ip.length + " 120", interims.get(1));
    assertTrue(heard.get(heard.size() - 1).equals("stop " + 2 * ip.length), heard.toString());
  }

  @Test
  void radiusAttributesSetThisSessionsIntervalAndLifetime() {
    Recorder rec = new Recorder();
    TestGateway gw =
        TestGateway.builder()
            .listener(rec)
            .authenticator(
                (credentials, context) ->
                    java.util.concurrent.CompletableFuture.completedFuture(
                        new org.p2sgate.auth.AuthResult.Accepted(
                            "alice",
                            Map.of("Acct-Interim-Interval", "120", "Session-Timeout", "300"))))
            .build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    gw.advance(299_000);
    assertEquals(
        List.of("interim 0 120", "interim 0 240"),
        rec.heard.stream().filter(h -> h.startsWith("interim")).toList());
    assertTrue(c.controlMessages().stream().noneMatch(m -> m.equals("RESTART")));
    gw.advance(5_000);
    assertTrue(c.controlMessages().contains("RESTART"), c.controlMessages().toString());
    assertEquals(0, gw.sessions.sessionCount(), "ended after Session-Timeout");
    assertEquals("stop 0 Session-Timeout", rec.heard.get(rec.heard.size() - 1));
  }

  @Test
  void malformedOrAbsentSecondsAreIgnored() {
    assertEquals(-1, SessionLimits.seconds(null));
    assertEquals(-1, SessionLimits.seconds("12s"));
    assertEquals(-1, SessionLimits.seconds("99999999999"));
    assertEquals(3600, SessionLimits.seconds("3600"));
    assertEquals(
        Duration.ofSeconds(300),
        SessionLimits.tokenLifetime(
            new org.p2sgate.auth.AuthResult.Accepted("a", Map.of("Session-Timeout", "300"))));
    assertTrue(
        SessionLimits.tokenLifetime(new org.p2sgate.auth.AuthResult.Accepted("a", Map.of()))
                .compareTo(Duration.ofDays(3650))
            > 0,
        "no Session-Timeout: the configured token lifetime decides");
  }
}

package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.SessionListener;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * A bug in one session's timers (here: an accounting listener that throws for it) ends that session
 * only: every other session's timers go on, as a bug on one packet ends only its session.
 */
class TimerIsolationTest {

  /** Throws in {@code interim} for the first session it saw established. */
  private static final class FaultyListener implements SessionListener {
    String victim;

    @Override
    public void established(
        String id, String who, InetSocketAddress src, Inet4Address a, Map<String, String> m) {
      if (victim == null) {
        victim = id;
      }
    }

    @Override
    public Duration interimInterval() {
      return Duration.ofSeconds(2);
    }

    @Override
    public void interim(String id, long in, long out, long ms) {
      if (id.equals(victim)) {
        throw new IllegalStateException("bug in accounting");
      }
    }
  }

  @Test
  void oneSessionsFaultyTimerEndsOnlyThatSession() {
    TestGateway gw = TestGateway.builder().listener(new FaultyListener()).build();
    TestOpenVpnClient a = gw.establish(TestPeer.udp("198.18.0.2", 40000), gw.clientConfig("a"));
    TestOpenVpnClient b = gw.establish(TestPeer.udp("198.18.0.3", 40000), gw.clientConfig("b"));
    assertTrue(a.isConnected() && b.isConnected());
    a.keepalive(false);
    b.keepalive(false);
    gw.advance(3_000);
    assertEquals(1, gw.sessions.sessionCount(), "the faulty session is closed");
    int pings = b.pingsReceived();
    gw.advance(25_000);
    assertTrue(b.pingsReceived() > pings, "the other session's keepalive timer still runs");
    assertTrue(b.isConnected());
  }
}

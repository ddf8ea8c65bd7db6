package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * Issue 9, timers by deadline: a tick runs the timers of the sessions that have something due, so
 * idle sessions cost their keepalive and nothing per tick. Counted in timer runs, not in time.
 */
class TimerCostTest {
  static final int SESSIONS = 40;

  @Test
  void idleSessionsAreVisitedOnlyWhenSomethingIsDue() {
    TestGateway gw =
        TestGateway.builder().keepalive(Duration.ofSeconds(10), Duration.ofSeconds(60)).build();
    List<TestOpenVpnClient> clients = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      TestPeer p = TestPeer.udp("198.18." + (i / 200) + "." + (2 + i % 200), 40000);
      clients.add(gw.establish(p, gw.clientConfig("c" + i)));
    }
    gw.advance(1_000); // the last acks and the first timers after the handshakes
    long before = gw.sessions.timerRuns();
    int[] pings = new int[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      pings[i] = clients.get(i).pingsReceived();
    }

    gw.advance(60_000); // 600 ticks of 100 ms

    long runs = gw.sessions.timerRuns() - before;
    // a scan per tick would be 40 x 600 = 24,000 runs; the keepalive needs 6 per session
    assertTrue(runs <= SESSIONS * 8L, "timer runs in 60 s of keepalive only: " + runs);
    assertTrue(runs >= SESSIONS * 5L, "every session's keepalive ran: " + runs);
    for (int i = 0; i < SESSIONS; i++) {
      assertTrue(clients.get(i).isConnected());
      int got = clients.get(i).pingsReceived() - pings[i];
      assertTrue(got >= 5 && got <= 7, "session " + i + " got " + got + " pings in 60 s");
    }
    assertEquals(SESSIONS, gw.sessions.sessionCount());
  }

  @Test
  void aSilentClientIsStillDroppedByPingRestartWithoutPerTickScans() {
    TestGateway gw =
        TestGateway.builder().keepalive(Duration.ofSeconds(10), Duration.ofSeconds(30)).build();
    TestOpenVpnClient c = gw.establish(TestPeer.udp("198.18.0.2", 40000), gw.clientConfig("c"));
    c.keepalive(false);
    gw.advance(59_000);
    assertEquals(1, gw.sessions.sessionCount(), "ping-restart is doubled server side: 60 s");
    gw.advance(1_200);
    assertEquals(0, gw.sessions.sessionCount());
    assertTrue(gw.sessions.timerRuns() < 20, "runs: " + gw.sessions.timerRuns());
  }
}

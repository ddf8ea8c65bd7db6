package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.core.observe.Telemetry;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/** The session core reports handshakes, logins, renegotiations, sessions and traffic. */
class TelemetryTest {

  static final class Recording implements Telemetry {
    final List<String> events = new ArrayList<>();

    @Override
    public void handshake(Handshake result, long millis) {
      events.add("handshake " + result);
    }

    @Override
    public void login(String method, Login result, long millis) {
      events.add("login " + method + " " + result);
    }

    @Override
    public void renegotiated() {
      events.add("renegotiated");
    }

    @Override
    public void sessions(String transport, String method, int delta) {
      events.add("sessions " + transport + " " + method + " " + delta);
    }
  }

  @Test
  void aSessionsLifeIsReported() {
    Recording t = new Recording();
    TestGateway gw = TestGateway.builder().telemetry(t).build();
    TestOpenVpnClient c = gw.establish(TestPeer.udp("198.18.0.2", 40000), gw.clientConfig("a"));
    HandshakeTest.assertDataBothWays(gw, c);
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1, 10_000));
    c.sendExit(gw.now());
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000));
    assertEquals(
        List.of(
            "handshake OK",
            "login certificate ACCEPTED",
            "sessions udp certificate 1",
            "handshake OK",
            "renegotiated",
            "sessions udp certificate -1"),
        t.events);
    assertEquals(1, gw.ctx.traffic().packetsIn());
    assertEquals(1, gw.ctx.traffic().packetsOut());
    assertTrue(gw.ctx.traffic().bytesIn() > 20 && gw.ctx.traffic().bytesOut() > 20);
  }

  @Test
  void refusalsNameTheMethodThatRefused() {
    Recording t = new Recording();
    DeferredAuthTest.Manual auth = new DeferredAuthTest.Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).telemetry(t).build();
    gw.connect(
        TestPeer.tcp("198.18.0.3", 40000), gw.clientConfig("b").withCredentials("bob", "wrong"));
    gw.runUntil(() -> auth.pending.size() == 1, 5_000);
    auth.pending.get(0).complete(new AuthResult.Rejected("bad password", null, "radius"));
    gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000);
    assertEquals(List.of("handshake OK", "login radius REJECTED"), t.events);
  }
}

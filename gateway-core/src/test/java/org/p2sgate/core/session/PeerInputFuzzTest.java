package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.keyexchange.KeyMethod2;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestPeer;

/**
 * What a peer can send, under coverage-guided fuzzing: whole datagrams at the gateway's front door
 * (with tls-crypt, so nothing unauthenticated may create state) and key-method-2 messages inside
 * the TLS channel. Neither may throw; the datagrams must leave no session behind and be counted. In
 * {@code mvn verify} these run their seeds; {@code scripts/fuzz.sh} fuzzes each for a while.
 */
class PeerInputFuzzTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);
  private static TestGateway gateway;

  private static synchronized TestGateway gateway() {
    if (gateway == null) {
      gateway = TestGateway.builder().wrap(TlsWrapConfig.Mode.TLS_CRYPT, 7).build();
    }
    return gateway;
  }

  @FuzzTest(maxDuration = "20s")
  void datagramsWithoutTheTlsCryptKeyLeaveNoStateAndAreCounted(byte[] packet) {
    TestGateway gw = gateway();
    long before = total(gw);
    gw.sessions.onPacket(PEER, packet, 0, packet.length, gw.now(), gw.out);
    assertEquals(0, gw.sessions.sessionCount(), "no state before the tls-crypt key is proven");
    assertEquals(before + 1, total(gw), "every refused datagram is counted once");
    gw.out.takeFor(PEER);
  }

  @FuzzTest(maxDuration = "20s")
  void keyMethod2MessagesParseTotally(FuzzedDataProvider data) {
    byte[] buf = data.consumeRemainingAsBytes();
    switch (KeyMethod2.parseClient(buf, buf.length)) {
      case KeyMethod2.Complete c ->
          assertTrue(c.consumed() > 0 && c.consumed() <= buf.length, "consumed " + c.consumed());
      case KeyMethod2.NeedMore m -> assertTrue(buf.length <= KeyMethod2.MAX_MESSAGE);
      case KeyMethod2.Malformed m -> assertTrue(!m.reason().isEmpty());
    }
  }

  private static long total(TestGateway gw) {
    return gw.drops().snapshot().values().stream().mapToLong(Long::longValue).sum();
  }
}

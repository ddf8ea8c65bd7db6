package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.keyexchange.KeyMethod2;
import org.p2sgate.core.keyexchange.PeerInfo;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.core.wire.ControlBodyCodec;
import org.p2sgate.core.wire.ControlPacket;
import org.p2sgate.core.wire.Opcode;
import org.p2sgate.core.wire.WireFormatException;

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

  @FuzzTest(maxDuration = "20s")
  void controlBodiesDecodeTotally(FuzzedDataProvider data) {
    int opcode = data.consumeInt(1, 11);
    byte[] body = data.consumeRemainingAsBytes();
    Opcode op = Opcode.ofFirstByte((byte) (opcode << 3));
    if (op == null || op.isData()) {
      return; // the session manager decodes control packets only
    }
    try {
      ControlPacket p = ControlBodyCodec.decodeBody(op, 0, 1, body, 0, body.length);
      assertTrue(p.acks().length <= ControlPacket.MAX_ACKS);
    } catch (WireFormatException e) {
      assertTrue(e.getMessage() != null);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void peerInfoParsesTotally(FuzzedDataProvider data) {
    PeerInfo info = PeerInfo.parse(data.consumeRemainingAsString());
    assertTrue(info.values().size() <= 128, "bounded: " + info.values().size());
  }

  /**
   * Data-channel packets for an established session's peer-id, past the front door (no wrap on the
   * data channel): the AEAD check, replay window and inner checks must drop and count them, never
   * throw or disturb the session.
   */
  @FuzzTest(maxDuration = "20s")
  void dataPacketsForALiveSessionAreDroppedAndCounted(byte[] tail) {
    Established e = established();
    byte[] packet = new byte[4 + tail.length];
    packet[0] = (byte) (Opcode.DATA_V2.firstByte(0));
    System.arraycopy(tail, 0, packet, 4, tail.length); // peer-id 0
    long before = total(e.gw());
    e.gw().sessions.onPacket(e.peer(), packet, 0, packet.length, e.gw().now(), e.gw().out);
    assertEquals(before + 1, total(e.gw()), "dropped and counted");
    assertEquals(1, e.gw().sessions.sessionCount(), "the session is unharmed");
    assertTrue(e.gw().out.takeTun().isEmpty());
  }

  private record Established(TestGateway gw, TestPeer peer) {}

  private static Established established;

  private static synchronized Established established() {
    if (established == null) {
      TestGateway gw = TestGateway.builder().build();
      TestPeer peer = TestPeer.udp("198.18.0.3", 42000);
      gw.establish(peer, gw.clientConfig("alice"));
      established = new Established(gw, peer);
    }
    return established;
  }

  private static long total(TestGateway gw) {
    return gw.drops().snapshot().values().stream().mapToLong(Long::longValue).sum();
  }
}

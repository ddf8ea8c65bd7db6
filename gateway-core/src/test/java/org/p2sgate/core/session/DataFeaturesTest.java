package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2sgate.core.keyexchange.Negotiated;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.tun.testing.Packets;

/**
 * Data-channel options a gateway negotiates per client: compression migration (wire doc 8), NCP for
 * clients that only send IV_NCP=2 (12.1 point 7), and client-to-client forwarding.
 */
class DataFeaturesTest {
  private static final TestPeer A = TestPeer.udp("198.18.0.2", 41000);
  private static final TestPeer B = TestPeer.udp("198.18.0.3", 41000);

  /** A comp-lzo client that announces IV_COMP_STUBv2 is moved to stub-v2: no framing at all. */
  @Test
  void compLzoClientWithStubV2IsMigrated() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(A, gw.clientConfig("lzo").withCompLzo(true, true));
    assertTrue(c.pushOptions().contains("compress stub-v2"), c.pushReply());
    assertEquals(
        Negotiated.Compression.STUB_V2, gw.sessions.sessions().get(0).negotiated().compression());
    HandshakeTest.assertDataBothWays(gw, c);
  }

  /** Without IV_COMP_STUBv2 the gateway pushes comp-lzo no and frames with 0xFA both ways. */
  @Test
  void compLzoClientWithoutStubV2GetsLzoNoFraming() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(A, gw.clientConfig("oldlzo").withCompLzo(true, false));
    assertTrue(c.pushOptions().contains("comp-lzo no"), c.pushReply());
    HandshakeTest.assertDataBothWays(gw, c); // the test client requires and strips the 0xFA
    gw.advance(25_000);
    assertTrue(c.pingsReceived() > 0, "framed pings from the gateway");
    assertTrue(c.dataDrops().isEmpty(), c.dataDrops().toString());
    assertEquals(0, gw.drops().get(DropReason.COMPRESSION_FRAMING));
    assertEquals(1, gw.sessions.sessionCount());
  }

  /** A 2.4-style client: IV_NCP=2 and no IV_CIPHERS means AES-256-GCM and AES-128-GCM. */
  @Test
  void ncpTwoWithoutCipherListGetsAesGcm() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(A, gw.clientConfig("old").withCiphers("").withIvProto(2));
    assertTrue(c.pushOptions().contains("cipher AES-256-GCM"), c.pushReply());
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @ParameterizedTest(name = "client-to-client {0}")
  @ValueSource(booleans = {true, false})
  void clientToClient(boolean enabled) {
    TestGateway gw = TestGateway.builder().clientToClient(enabled).build();
    TestOpenVpnClient a = gw.establish(A, gw.clientConfig("alice"));
    TestOpenVpnClient b = gw.establish(B, gw.clientConfig("bob"));
    byte[] ip =
        Packets.udp4(
            TestGateway.ip("10.8.0.2"),
            1111,
            TestGateway.ip("10.8.0.3"),
            2222,
            "hi bob".getBytes(StandardCharsets.US_ASCII));
    gw.out.takeTun();
    a.sendIp(ip, gw.now());
    gw.exchange();
    List<byte[]> atB = b.takeReceivedIp();
    List<byte[]> tun = gw.out.takeTun();
    if (enabled) {
      assertEquals(1, atB.size(), "forwarded inside the gateway");
      assertArrayEquals(ip, atB.get(0));
      assertTrue(tun.isEmpty());
    } else {
      assertTrue(atB.isEmpty());
      assertEquals(1, tun.size(), "left to the kernel");
      assertArrayEquals(ip, tun.get(0));
    }
    assertFalse(a.takeReceivedIp().size() > 0);
  }
}

package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.testing.TestClientConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.tun.testing.Packets;

/**
 * Clients that do not announce every 2.6 feature (wire doc 5.5, 6.2, 12.1 point 7): without
 * IV_PROTO bit 3 the data keys come from the legacy PRF (the test client's own implementation),
 * without bit 2 the client must ask with PUSH_REQUEST, without bit 1 it gets no peer-id and uses
 * P_DATA_V1, without bit 7 no {@code protocol-flags}.
 */
class LegacyClientTest {
  private static final int NO_EKM = TestClientConfig.IV_PROTO_26 & ~TestClientConfig.TLS_KEY_EXPORT;

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void prfClientGetsWorkingKeys(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 11).build();
    TestOpenVpnClient c =
        gw.establish(
            TestPeer.udp("198.18.0.2", 41000), gw.clientConfig("alice").withIvProto(NO_EKM));
    assertEquals("PRF", c.keyDerivation());
    List<String> o = c.pushOptions();
    assertTrue(o.contains("protocol-flags cc-exit"), o.toString());
    assertFalse(o.toString().contains("tls-ekm"), o.toString());
    assertFalse(gw.sessions.sessions().get(0).negotiated().ekm());
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @ParameterizedTest(name = "TLS 1.2, {0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void prfClientOverTls12(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 12).build();
    TestOpenVpnClient c =
        gw.establish(
            TestPeer.udp("198.18.0.2", 41000),
            gw.clientConfig("alice").withIvProto(NO_EKM).withTls12Only(true));
    assertEquals("PRF", c.keyDerivation());
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void aTwoFourStyleClientAsksForItsOptions(TlsWrapConfig.Mode wrap) {
    // IV_PROTO=2: DATA_V2 only, like 2.4: PUSH_REQUEST, PRF keys, no protocol-flags
    TestGateway gw = TestGateway.builder().wrap(wrap, 13).build();
    TestOpenVpnClient c =
        gw.establish(TestPeer.udp("198.18.0.2", 41000), gw.clientConfig("dave").withIvProto(2));
    assertNull(c.failure());
    assertEquals("PRF", c.keyDerivation());
    List<String> o = c.pushOptions();
    assertTrue(o.contains("peer-id 0"), o.toString());
    assertFalse(o.stream().anyMatch(x -> x.startsWith("protocol-flags")), o.toString());
    assertFalse(o.stream().anyMatch(x -> x.startsWith("key-derivation")), o.toString());
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void withoutDataV2TheClientUsesDataV1(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 14).build();
    TestOpenVpnClient c =
        gw.establish(TestPeer.udp("198.18.0.2", 41000), gw.clientConfig("erin").withIvProto(0));
    List<String> o = c.pushOptions();
    assertFalse(o.stream().anyMatch(x -> x.startsWith("peer-id")), o.toString());
    byte[] up =
        Packets.udp4(
            TestGateway.ip("10.8.0.2"),
            1000,
            TestGateway.ip("10.99.0.1"),
            2000,
            "v1".getBytes(StandardCharsets.US_ASCII));
    byte[] wire = c.sealIp(up);
    assertEquals(0x30, wire[0] & 0xff, "P_DATA_V1, key id 0");
    gw.sessions.onPacket(TestPeer.udp("198.18.0.2", 41000), wire, 0, wire.length, gw.now(), gw.out);
    assertArrayEquals(up, gw.out.takeTun().get(0));
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void prfKeysAfterRenegotiation(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 15).build();
    TestOpenVpnClient c =
        gw.establish(
            TestPeer.udp("198.18.0.2", 41000), gw.clientConfig("alice").withIvProto(NO_EKM));
    ClientSession s = gw.sessions.sessions().get(0);
    for (int k = 1; k <= 2; k++) {
      int key = k;
      c.renegotiate(gw.now());
      assertTrue(gw.runUntil(() -> c.sendKeyId() == key && s.currentKeyId() == key, 10_000));
      assertEquals("PRF", c.keyDerivation());
      HandshakeTest.assertDataBothWays(gw, c);
    }
  }

  /** Bit 3 without bit 7: tls-ekm is announced with key-derivation, not protocol-flags. */
  @Test
  void ekmWithoutCcExitIsPushedAsKeyDerivation() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c =
        gw.establish(
            TestPeer.udp("198.18.0.2", 41000),
            gw.clientConfig("alice")
                .withIvProto(TestClientConfig.IV_PROTO_26 & ~TestClientConfig.CC_EXIT_NOTIFY));
    List<String> o = c.pushOptions();
    assertTrue(o.contains("key-derivation tls-ekm"), o.toString());
    assertFalse(o.stream().anyMatch(x -> x.startsWith("protocol-flags")), o.toString());
    assertEquals("tls-ekm", c.keyDerivation());
    HandshakeTest.assertDataBothWays(gw, c);
  }
}

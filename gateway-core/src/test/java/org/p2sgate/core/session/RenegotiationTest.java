package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.tun.testing.Packets;

/**
 * Soft resets (wire doc 10): started by the gateway at reneg-sec or by the client, key ids 1..7
 * then 1 again, a new TLS session and key-method-2 exchange per key id, data in both directions
 * throughout, the old key still accepted while the new one takes over, one lame duck at a time.
 */
class RenegotiationTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);

  private static byte[] up(String text) {
    return Packets.udp4(
        TestGateway.ip("10.8.0.2"),
        1000,
        TestGateway.ip("10.99.0.1"),
        2000,
        text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] down(String text) {
    return Packets.udp4(
        TestGateway.ip("10.99.0.1"),
        2000,
        TestGateway.ip("10.8.0.2"),
        1000,
        text.getBytes(StandardCharsets.US_ASCII));
  }

  /** One packet each way, both must arrive byte-exact. */
  static void roundTrip(TestGateway gw, TestOpenVpnClient c, String tag) {
    gw.out.takeTun();
    byte[] u = up("up " + tag);
    c.sendIp(u, gw.now());
    gw.exchange();
    List<byte[]> tun = gw.out.takeTun();
    assertEquals(1, tun.size(), "up " + tag + ": " + c + " drops " + gw.drops().snapshot());
    assertArrayEquals(u, tun.get(0));
    byte[] d = down("down " + tag);
    HandshakeTest.fromTun(gw, d);
    List<byte[]> got = c.takeReceivedIp();
    assertEquals(1, got.size(), "down " + tag + ": " + c + " drops " + c.dataDrops());
    assertArrayEquals(d, got.get(0));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void theGatewayRenegotiatesAtRenegSecAndDataKeepsFlowing(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 31).renegSec(Duration.ofSeconds(20)).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    List<Integer> keyIds = new ArrayList<>(List.of(0));
    boolean oldKeyChecked = false;
    for (int sec = 0; sec < 70; sec++) {
      roundTrip(gw, c, "t+" + sec);
      int k = c.currentKeyId();
      if (k != keyIds.get(keyIds.size() - 1)) {
        keyIds.add(k);
      }
      if (!oldKeyChecked && c.sendKeyId() == 1) {
        // the client already sends on key 1: key 0 must still be accepted (transition window)
        byte[] u = up("on the old key");
        c.sendIpOnKey(0, u, gw.now());
        gw.exchange();
        assertArrayEquals(u, gw.out.takeTun().get(0), "key 0 refused during the transition");
        oldKeyChecked = true;
      }
      gw.advance(1000);
    }
    assertTrue(oldKeyChecked);
    assertTrue(keyIds.size() >= 4, "key ids " + keyIds);
    assertEquals(List.of(0, 1, 2, 3), keyIds.subList(0, 4), "key ids " + keyIds);
    assertEquals(keyIds.get(keyIds.size() - 1), s.currentKeyId());
    Map<Integer, Integer> used = c.dataReceivedOnKey();
    assertTrue(used.keySet().containsAll(List.of(0, 1, 2)), "gateway send keys " + used);
    assertNull(c.failure());
    assertEquals(
        0, gw.drops().get(DropReason.DATA_KEY_NOT_READY), gw.drops().snapshot().toString());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void theClientRenegotiates(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 32).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    byte[] onKey0 = c.sealIpOnKey(0, up("late on key 0"));

    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.currentKeyId() == 1, 10_000), c::toString);
    roundTrip(gw, c, "after 1st");
    byte[] u = up("key 0 during the transition");
    c.sendIpOnKey(0, u, gw.now());
    gw.exchange();
    assertArrayEquals(u, gw.out.takeTun().get(0));

    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 2 && s.currentKeyId() == 2, 10_000), c::toString);
    roundTrip(gw, c, "after 2nd");
    byte[] u1 = up("key 1 during the transition");
    c.sendIpOnKey(1, u1, gw.now());
    gw.exchange();
    assertArrayEquals(u1, gw.out.takeTun().get(0), "the lame duck (key 1) must still receive");
    // only one lame duck: key 0 is gone
    gw.sessions.onPacket(PEER, onKey0, 0, onKey0.length, gw.now(), gw.out);
    assertTrue(gw.out.takeTun().isEmpty());
    assertEquals(1, gw.drops().get(DropReason.DATA_KEY_NOT_READY));
    assertEquals("alice", s.commonName());
    assertEquals(1, gw.sessions.sessionCount());
  }

  @Test
  void theOldKeysTlsSessionIsLetGoOnceTheNewKeyIsActiveAndItsDataKeysStay() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    assertTrue(s.primary.hasTls());

    c.renegotiate(gw.now());
    assertTrue(
        gw.runUntil(() -> s.lameDuck != null && !s.lameDuck.hasTls(), 10_000),
        "key 0 keeps its TLS engine after key 1 went active: " + c);
    assertTrue(s.primary.hasTls());
    byte[] u = up("key 0 after its TLS session is gone");
    c.sendIpOnKey(0, u, gw.now());
    gw.exchange();
    assertArrayEquals(u, gw.out.takeTun().get(0), "the lame duck's data keys must stay");
    roundTrip(gw, c, "after the 1st");

    // the control channel lives on the new key: a second renegotiation and a round trip
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 2 && s.currentKeyId() == 2, 10_000), c::toString);
    roundTrip(gw, c, "after the 2nd");
    assertTrue(gw.runUntil(() -> !s.lameDuck.hasTls(), 10_000));
    assertNull(c.failure());
    assertEquals(1, gw.sessions.sessionCount());
  }

  @ParameterizedTest(name = "TCP, {0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void renegotiationOverTcp(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 34).renegSec(Duration.ofSeconds(20)).build();
    TestPeer tcp = TestPeer.tcp("198.18.0.9", 50000);
    TestOpenVpnClient c = gw.establish(tcp, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.currentKeyId() == 1, 30_000), c::toString);
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 2 && s.currentKeyId() == 2, 10_000), c::toString);
    roundTrip(gw, c, "tcp");
    assertTrue(gw.out.closedPeers().isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void renegotiationSurvivesTwentyPercentLoss(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 33).renegSec(Duration.ofSeconds(30)).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    gw.loss(0.2, 33);
    // the gateway starts key 1 after about 30 s; the client starts key 2 once key 1 is up
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.currentKeyId() == 1, 90_000), c::toString);
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 2 && s.currentKeyId() == 2, 60_000), c::toString);
    gw.loss(0, 0);
    roundTrip(gw, c, "after loss");
    assertTrue(gw.packetsLost() > 0);
    assertEquals(1, gw.sessions.sessionCount());
  }

  @Test
  void keyIdsWrapFromSevenToOneNeverZero() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    List<Integer> seen = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      int expected = i % 7 + 1;
      c.renegotiate(gw.now());
      assertTrue(
          gw.runUntil(() -> c.sendKeyId() == expected && s.currentKeyId() == expected, 10_000),
          c::toString);
      roundTrip(gw, c, "reneg " + i);
      seen.add(s.currentKeyId());
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 1, 2), seen);
  }

  /**
   * The send key is chosen as the reference's tls_select_encryption_key does: a key is mature W =
   * min(hand-window, reneg-sec/2) after its negotiation started (10 s with reneg-sec 20); the first
   * mature key in slot order, else the newest. A young old key is replaced at once, so a client
   * that renegotiates every few seconds, and forgets key N-1 when it starts N+1, is never sent a
   * key it no longer holds (the gateway used to keep N-1 for W after every renegotiation).
   */
  @Test
  void aYoungKeyIsReplacedAtOnceSoAQuickRenegotiatorNeverGetsAKeyItDropped() {
    TestGateway gw = TestGateway.builder().renegSec(Duration.ofSeconds(20)).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.canRenegotiate(), 5_000));
    assertEquals(1, downKeyId(gw, c), "key 0 was young: the new key at once");
    c.renegotiate(gw.now()); // the client forgets key 0 now, before its reset reaches us
    assertEquals(1, downKeyId(gw, c), "a key the client still holds");
    assertTrue(c.dataDrops().isEmpty(), c.dataDrops()::toString);
  }

  /** A mature old key stays the send key until the new one is mature too (W after its start). */
  @Test
  void aMatureKeyStaysTheSendKeyUntilTheNewOneMatures() {
    TestGateway gw = TestGateway.builder().renegSec(Duration.ofSeconds(20)).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    gw.advance(12_000); // key 0 is now older than W = 10 s
    c.keepalive(false);
    c.renegotiate(gw.now());
    long started = gw.now();
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.canRenegotiate(), 5_000));
    assertEquals(0, downKeyId(gw, c), "the mature old key");
    gw.advance(started + 9_000 - gw.now());
    assertEquals(0, downKeyId(gw, c), "9 s after the reset");
    gw.advance(2_000);
    assertEquals(1, downKeyId(gw, c), "11 s after the reset: the new key is mature");
  }

  /** Data from the client on the new key proves it holds it: the gateway switches at once. */
  @Test
  void aNewKeyTheClientSendsOnIsUsedAtOnce() {
    TestGateway gw = TestGateway.builder().renegSec(Duration.ofSeconds(20)).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    gw.advance(12_000);
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.canRenegotiate(), 5_000));
    assertEquals(0, downKeyId(gw, c));
    c.sendIp(up("on key 1"), gw.now());
    gw.exchange();
    assertEquals(1, gw.out.takeTun().size());
    assertEquals(1, downKeyId(gw, c), "the client sends on key 1: it holds it");
  }

  /** With reneg-sec 0 (the gateway never renegotiates) W is the hand-window, 60 s. */
  @Test
  void withRenegSecZeroTheWindowIsTheHandWindow() {
    TestGateway gw = TestGateway.builder().renegSec(Duration.ZERO).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    gw.advance(61_000);
    c.keepalive(false); // its pings on the new key would prove it holds the key
    c.renegotiate(gw.now());
    long started = gw.now();
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1, 5_000));
    assertEquals(0, downKeyId(gw, c), "right after the reset");
    gw.advance(started + 59_000 - gw.now());
    assertEquals(0, downKeyId(gw, c), "59 s after the reset");
    gw.advance(2_000);
    assertEquals(1, downKeyId(gw, c), "61 s after the reset");
  }

  /**
   * Wire doc 10.1: either side renegotiates when its data send counter reaches 0xFF000000 ({@code
   * packet_id_close_to_wrapping}, ssl.c tls_process), so ids never run out. Here reneg-sec is 0:
   * only that trigger can fire.
   */
  @Test
  void theGatewayRenegotiatesBeforeItsPacketIdsRunOut() throws Exception {
    TestGateway gw = TestGateway.builder().renegSec(Duration.ZERO).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    java.lang.reflect.Method last =
        org.p2sgate.core.crypto.DataSealer.class.getDeclaredMethod(
            "setLastPacketIdForTest", long.class);
    last.setAccessible(true);
    last.invoke(s.primary.sealer, 0xFF000000L - 1);
    HandshakeTest.fromTun(gw, down("packet id 0xFF000000"));
    assertEquals(1, c.takeReceivedIp().size());
    assertTrue(s.primary.sealer.wantsRenegotiation());
    gw.advance(10_000);
    assertEquals(1, s.currentKeyId(), "no renegotiation at the packet-id wrap trigger");
  }

  /** Sends one packet from TUN to the client and returns the key id it arrived on. */
  private static int downKeyId(TestGateway gw, TestOpenVpnClient c) {
    Map<Integer, Integer> before = c.dataReceivedOnKey();
    HandshakeTest.fromTun(gw, down("which key?"));
    assertEquals(1, c.takeReceivedIp().size());
    Map<Integer, Integer> after = c.dataReceivedOnKey();
    for (Map.Entry<Integer, Integer> e : after.entrySet()) {
      if (!e.getValue().equals(before.getOrDefault(e.getKey(), 0))) {
        return e.getKey();
      }
    }
    throw new AssertionError("no key id recorded");
  }
}

package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
 * Peer misbehaviour is a counted drop with a reason (house rule 9): spoofed inner source, replayed
 * and forged data packets, packets for no route, and datagrams of random garbage, none of which may
 * throw, disturb the established session or go uncounted.
 */
class DataPathDropTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);

  private static byte[] udp(String src, String dst, String text) {
    return Packets.udp4(
        TestGateway.ip(src),
        1000,
        TestGateway.ip(dst),
        2000,
        text.getBytes(StandardCharsets.UTF_8));
  }

  private static void inject(TestGateway gw, TestPeer peer, byte[] packet) {
    gw.sessions.onPacket(peer, packet, 0, packet.length, gw.now(), gw.out);
  }

  @Test
  void aSpoofedInnerSourceIsDroppedAndCounted() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    c.sendIp(udp("10.8.0.99", "10.99.0.1", "not my address"), gw.now());
    c.sendIp(udp("192.0.2.1", "10.99.0.1", "not even in the pool"), gw.now());
    gw.exchange();
    assertTrue(gw.out.takeTun().isEmpty());
    assertEquals(2, gw.drops().get(DropReason.SPOOFED_SOURCE));
    HandshakeTest.assertDataBothWays(gw, c); // the session is unharmed
  }

  @Test
  void aReplayedOrForgedDataPacketIsDroppedAndCounted() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    byte[] ip = udp("10.8.0.2", "10.99.0.1", "once");
    byte[] wire = c.sealIp(ip);
    inject(gw, PEER, wire.clone());
    inject(gw, PEER, wire.clone());
    assertEquals(1, gw.out.takeTun().size(), "delivered once");
    assertEquals(1, gw.drops().get(DropReason.DATA_REPLAY));

    // older than the 64-packet window
    byte[] old = c.sealIp(ip);
    for (int i = 0; i < 70; i++) {
      inject(gw, PEER, c.sealIp(ip));
    }
    gw.out.takeTun();
    inject(gw, PEER, old);
    assertTrue(gw.out.takeTun().isEmpty());
    assertEquals(2, gw.drops().get(DropReason.DATA_REPLAY));

    byte[] forged = c.sealIp(ip);
    forged[forged.length - 1] ^= 1;
    inject(gw, PEER, forged);
    assertTrue(gw.out.takeTun().isEmpty());
    assertEquals(1, gw.drops().get(DropReason.DATA_BAD_TAG));

    byte[] nobody = c.sealIp(ip);
    nobody[3] = 7; // peer-id 7: no such session
    inject(gw, PEER, nobody);
    assertEquals(1, gw.drops().get(DropReason.DATA_UNKNOWN_PEER));
  }

  @Test
  void tunPacketsWithoutARouteAreCounted() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    HandshakeTest.fromTun(gw, udp("10.99.0.1", "10.8.0.77", "nobody here"));
    assertEquals(1, gw.drops().get(DropReason.NO_ROUTE));
    byte[] v6ish = udp("10.99.0.1", "10.8.0.2", "x");
    v6ish[0] = 0x60;
    HandshakeTest.fromTun(gw, v6ish);
    assertEquals(1, gw.drops().get(DropReason.IPV6_NOT_CONFIGURED)); // an IPv4-only gateway
    byte[] v5 = udp("10.99.0.1", "10.8.0.2", "x");
    v5[0] = 0x55;
    HandshakeTest.fromTun(gw, v5);
    assertEquals(1, gw.drops().get(DropReason.NOT_IPV4));
    assertTrue(c.takeReceivedIp().isEmpty());
  }

  /**
   * Random datagrams (random bytes, random bytes behind a plausible first byte, and mutated copies
   * of what the client really sent) from the client's address and from strangers. Each one must be
   * counted as exactly one drop, or be answered by a stateless reset reply; none may throw, end or
   * move the session, or reach TUN.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void garbageNeverThrowsAndIsAlwaysCounted(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 21).build();
    List<byte[]> sent = new ArrayList<>();
    gw.tapClients((p, b) -> sent.add(b.clone()));
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    for (int i = 0; i < 5; i++) {
      c.sendIp(udp("10.8.0.2", "10.99.0.1", "sample " + i), gw.now());
    }
    gw.exchange();
    gw.out.takeTun();
    ClientSession s = gw.sessions.sessions().get(0);

    Random rnd = new Random(1234 + wrap.ordinal());
    int replies = 0;
    for (int iter = 0; iter < 4000; iter++) {
      final int i = iter;
      boolean fromClient = rnd.nextBoolean();
      TestPeer from = fromClient ? PEER : TestPeer.udp("203.0.113." + rnd.nextInt(250), 1 + i);
      byte[] d = garbage(rnd, sent, wrap == TlsWrapConfig.Mode.NONE && fromClient);
      long before = total(gw);
      long outBefore = gw.out.peerPacketCount();
      assertDoesNotThrow(() -> inject(gw, from, d), () -> "datagram " + i);
      long answered = gw.out.peerPacketCount() - outBefore;
      long counted = total(gw) - before;
      if (answered == 1 && counted == 0) {
        replies++; // it looked like a client's hard reset: stateless reply, no state
        byte[] r = gw.out.takeFor(from).get(0);
        assertEquals(0x40, r[0] & 0xff, "only a HARD_RESET_SERVER_V2 may answer garbage");
        continue;
      }
      assertEquals(
          1,
          counted,
          () -> "datagram " + i + " from " + from + " (" + hex(d) + "): drops " + total(gw));
    }
    assertEquals(0, gw.sessions.sessionCount() - 1, "no new session from garbage");
    assertTrue(gw.out.takeTun().isEmpty(), "garbage reached TUN");
    assertTrue(!s.isClosed() && s.peer().equals(PEER), "the session was disturbed: " + s);
    gw.out.takeFor(PEER);
    HandshakeTest.assertDataBothWays(gw, c);
    assertTrue(replies < 40, "replies " + replies);
  }

  /**
   * Random bytes; or a plausible first byte (any opcode, any key id) then random bytes; or a copy
   * of a packet the client sent with 1 to 4 bytes changed or cut short. With no wrapping, mutated
   * control packets from the client's own address are left out: they are authentic by construction
   * and may legitimately end the session.
   */
  private static byte[] garbage(Random rnd, List<byte[]> sent, boolean noControlMutation) {
    switch (rnd.nextInt(3)) {
      case 0 -> {
        byte[] b = new byte[rnd.nextInt(1600)];
        rnd.nextBytes(b);
        return b;
      }
      case 1 -> {
        byte[] b = new byte[1 + rnd.nextInt(200)];
        rnd.nextBytes(b);
        b[0] = (byte) ((1 + rnd.nextInt(11)) << 3 | rnd.nextInt(8));
        return b;
      }
      default -> {
        byte[] orig = sent.get(rnd.nextInt(sent.size()));
        boolean data = (orig[0] & 0xff) >>> 3 == 9 || (orig[0] & 0xff) >>> 3 == 6;
        if (noControlMutation && !data) {
          byte[] b = new byte[orig.length];
          rnd.nextBytes(b);
          b[0] = orig[0];
          return b; // same opcode, random session id
        }
        byte[] b = orig.clone();
        if (rnd.nextInt(4) == 0 && b.length > 1) {
          return Arrays.copyOf(b, rnd.nextInt(b.length));
        }
        for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
          int at = rnd.nextInt(b.length);
          b[at] ^= (byte) (1 + rnd.nextInt(255));
        }
        return b;
      }
    }
  }

  private static long total(TestGateway gw) {
    return gw.drops().snapshot().values().stream().mapToLong(Long::longValue).sum();
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b, 0, Math.min(b.length, 24)) + "… " + b.length + "B";
  }
}

package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.tun.testing.Packets;

/**
 * Several session tables sharing one {@link Shards}, as a gateway with several data-path threads
 * runs them (decision 35): each client is served by the table its packets reach, and what crosses
 * (admission, limits, floats, the TUN side's owner) behaves as one gateway.
 */
class ShardedTablesTest {

  private static TestGateway gateway(int tables) {
    return TestGateway.builder().tables(tables).wrap(TlsWrapConfig.Mode.TLS_CRYPT, 81).build();
  }

  @Test
  void eachClientIsServedByItsTableAndReachedFromTheTun() {
    TestGateway gw = gateway(3);
    List<TestOpenVpnClient> clients = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      clients.add(gw.establish(TestPeer.udp("198.18.0." + (i + 2), 40000 + i), cfg(gw, i)));
    }
    for (int t = 0; t < 3; t++) {
      SessionManager table = gw.tables.get(t);
      assertEquals(2, table.sessionCount(), "table " + t);
      for (SessionInfo info : table.snapshot()) {
        assertEquals(t, info.peerId() % 3, "peer-ids are dealt round the tables: " + info);
      }
    }
    assertEquals(6, gw.shards.admittedCount());
    for (TestOpenVpnClient c : clients) {
      assertDataBothWays(gw, c);
    }
  }

  @Test
  void aClientThatFloatsOntoAnotherTablesSocketStaysWithItsTable() {
    TestGateway gw = gateway(2);
    TestPeer home = TestPeer.udp("198.18.0.2", 40000); // table 0
    TestPeer away = TestPeer.udp("198.51.100.7", 40001); // table 1
    TestOpenVpnClient c = gw.establish(home, cfg(gw, 0));
    ClientSession s = gw.tables.get(0).sessions().get(0);
    gw.move(home, away);

    // data from the new address reaches table 1, which hands it to the session's table
    assertDataBothWays(gw, c);
    assertEquals(away, s.peer());
    assertEquals(1, gw.tables.get(0).sessionCount());
    assertEquals(0, gw.tables.get(1).sessionCount());

    // the control channel follows: a renegotiation through table 1's socket
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.currentKeyId() == 1, 20_000), c::toString);
    assertDataBothWays(gw, c);
    assertEquals(0, gw.tables.get(1).sessionCount(), "no session started on table 1");
  }

  @Test
  void aDuplicateCommonNameOnAnotherTableReplacesTheOldSessionFirst() {
    TestGateway gw = gateway(2);
    TestOpenVpnClient first = gw.establish(TestPeer.udp("198.18.0.2", 40000), cfg(gw, 0));
    ClientSession old = gw.tables.get(0).sessions().get(0);
    String address = old.tunnelAddress.getHostAddress();

    // the same certificate again, from a socket of table 1
    TestOpenVpnClient second =
        gw.establish(TestPeer.udp("198.18.0.3", 40001), gw.clientConfig("client-0").withSeed(99));
    assertTrue(old.isClosed(), "the old session ended");
    assertEquals(0, gw.tables.get(0).sessionCount());
    assertEquals(1, gw.tables.get(1).sessionCount());
    assertEquals(1, gw.shards.admittedCount());
    ClientSession now = gw.tables.get(1).sessions().get(0);
    assertEquals(address, now.tunnelAddress.getHostAddress(), "its address, free again, is reused");
    assertDataBothWays(gw, second);
  }

  @Test
  void maxClientsCountsTheSessionsOfEveryTable() {
    TestGateway gw =
        TestGateway.builder()
            .tables(2)
            .wrap(TlsWrapConfig.Mode.TLS_CRYPT, 82)
            .maxClients(2)
            .build();
    gw.establish(TestPeer.udp("198.18.0.2", 40000), cfg(gw, 0));
    gw.establish(TestPeer.udp("198.18.0.3", 40001), cfg(gw, 1));
    TestOpenVpnClient third = gw.connect(TestPeer.udp("198.18.0.4", 40002), cfg(gw, 2));
    gw.runUntil(() -> third.isConnected() || third.authFailed() != null, 10_000);
    assertFalse(third.isConnected());
    assertEquals(2, gw.shards.admittedCount());
    assertTrue(gw.drops().get(DropReason.MAX_CLIENTS) > 0, gw.drops().snapshot().toString());
  }

  @Test
  void aFloodOfOtherTablesPeerIdsIsBoundedAndCounted() {
    TestGateway gw = gateway(2);
    TestPeer attacker = TestPeer.udp("203.0.113.9", 40000); // table 0
    int sent = Shards.MAX_HANDOFFS + 500;
    for (int i = 0; i < sent; i++) {
      // P_DATA_V2, key 0, peer-id 1 (table 1's): with no session behind it
      byte[] p = {0x48, 0, 0, 1, 0, 0, 0, 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
      gw.tables.get(0).onPacket(attacker, p, 0, p.length, gw.now(), gw.out);
    }
    assertEquals(500, gw.drops().get(DropReason.TABLE_HANDOFF_FULL));
    gw.exchange(); // the handed-over packets run on table 1: nobody holds peer-id 1
    assertEquals(Shards.MAX_HANDOFFS, gw.drops().get(DropReason.DATA_UNKNOWN_PEER));
    assertEquals(0, gw.tables.get(1).sessionCount());
    assertEquals(0, gw.tables.get(0).sessionCount());
  }

  @Test
  void theTunSideOwnerFollowsAdmissionAndClose() {
    TestGateway gw = gateway(2);
    TestPeer peer = TestPeer.udp("198.18.0.3", 40001); // table 1
    TestOpenVpnClient c = gw.establish(peer, cfg(gw, 0));
    int addr = IpPool.toInt(TestGateway.ip(addressOf(c)));
    int offset = gw.ctx.pool().offsetOf(addr);
    assertEquals(1, gw.shards.ownerOfOffset(offset));
    c.sendExit(gw.now());
    gw.runUntil(() -> gw.tables.get(1).sessionCount() == 0, 10_000);
    assertEquals(0, gw.tables.get(1).sessionCount());
    assertEquals(0, gw.shards.ownerOfOffset(offset), "nobody's: the first table counts its drops");
    assertEquals(0, gw.shards.admittedCount());
  }

  private static org.p2sgate.core.testing.TestClientConfig cfg(TestGateway gw, int i) {
    return gw.clientConfig("client-" + i);
  }

  /** The client's tunnel address, from its PUSH_REPLY. */
  private static String addressOf(TestOpenVpnClient c) {
    for (String o : c.pushOptions()) {
      if (o.startsWith("ifconfig ")) {
        return o.split(" ")[1];
      }
    }
    throw new AssertionError("no ifconfig in " + c.pushReply());
  }

  /** A packet each way between {@code c} and the private network, byte-exact. */
  private static void assertDataBothWays(TestGateway gw, TestOpenVpnClient c) {
    var me = TestGateway.ip(addressOf(c));
    var far = TestGateway.ip("10.99.0.5");
    gw.out.takeTun();
    byte[] up = Packets.udp4(me, 5353, far, 53, "up".getBytes(StandardCharsets.US_ASCII));
    c.sendIp(up, gw.now());
    gw.exchange();
    List<byte[]> tun = gw.out.takeTun();
    assertEquals(1, tun.size(), "packets on TUN from " + me);
    assertArrayEquals(up, tun.get(0));

    byte[] down = Packets.udp4(far, 53, me, 5353, "down".getBytes(StandardCharsets.US_ASCII));
    byte[] buf = new byte[32 + down.length + 16];
    System.arraycopy(down, 0, buf, 32, down.length);
    gw.fromTun(buf, 32, down.length);
    gw.exchange();
    List<byte[]> got = c.takeReceivedIp();
    assertEquals(1, got.size(), "packets at " + me);
    assertNotNull(got.get(0));
    assertArrayEquals(down, got.get(0));
  }
}

package org.p2sgate.tun.offload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.p2sgate.tun.testing.Packets;

/**
 * The coalescing plan and the GSO packet it produces: each group, cut again the way the kernel's
 * TCP segmentation cuts it, gives back the original segments byte for byte; and nothing joins a
 * group that the kernel's own receive coalescing would refuse.
 */
class TcpCoalescingTest {
  static final int OFF = 24; // headroom, as in the gateway's buffers
  static final Inet4Address CLIENT = ip("10.8.0.2");
  static final Inet4Address SERVER = ip("198.18.1.2");
  static final byte[] TIMESTAMPS = {1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9};
  static final long ISN = 0xfffff000L; // the sequence numbers wrap inside the group

  final TcpCoalescing plan = new TcpCoalescing();
  final List<byte[]> batch = new ArrayList<>();

  /** The next IP identification per source port: each sender counts its own. */
  final Map<Integer, Integer> ipIds = new HashMap<>();

  byte[] seg(int sport, long seq, int payload, int flags) {
    return seg(sport, seq, payload, flags, 5000, 64240, TIMESTAMPS);
  }

  byte[] seg(int sport, long seq, int payload, int flags, long ack, int window, byte[] options) {
    byte[] data = new byte[payload];
    for (int i = 0; i < payload; i++) {
      data[i] = (byte) (seq + i);
    }
    byte[] p =
        Packets.tcp4(
            CLIENT,
            sport,
            SERVER,
            5201,
            seq & 0xffffffffL,
            ack,
            flags,
            window,
            options,
            data,
            ipIds.merge(sport, 1, Integer::sum) + 0xfff0);
    batch.add(p);
    return p;
  }

  void plan() {
    byte[][] bufs = new byte[batch.size()][];
    int[] sizes = new int[batch.size()];
    for (int i = 0; i < bufs.length; i++) {
      bufs[i] = new byte[OFF + batch.get(i).length + 16];
      System.arraycopy(batch.get(i), 0, bufs[i], OFF, batch.get(i).length);
      sizes[i] = batch.get(i).length;
    }
    this.bufs = bufs;
    this.sizes = sizes;
    plan.plan(bufs, sizes, OFF, bufs.length);
  }

  byte[][] bufs;
  int[] sizes;

  /** The packets of the group {@code head} starts, as the kernel would cut its GSO packet. */
  List<byte[]> written(int head) {
    if (plan.segments(head) == 1) {
      return List.of(Arrays.copyOfRange(bufs[head], OFF, OFF + sizes[head]));
    }
    byte[] out = new byte[GsoPacket.VNET_HDR + plan.totalLength(head)];
    int n = GsoPacket.group(bufs, sizes, OFF, plan, head, out);
    assertEquals(out.length, n);
    return KernelSegmentation.cut(out, n);
  }

  @Test
  void inOrderSegmentsBecomeOneGsoPacketThatCutsBackIntoTheOriginals() {
    for (int i = 0; i < 4; i++) {
      seg(40000, ISN + 1000L * i, 1000, Packets.TCP_ACK);
    }
    seg(40000, ISN + 4000, 1000, Packets.TCP_ACK | Packets.TCP_PSH);
    plan();
    assertEquals(5, plan.segments(0));
    assertEquals(1000, plan.gsoSize(0));
    assertEquals(20 + 32 + 5000, plan.totalLength(0));
    for (int i = 1; i < 5; i++) {
      assertTrue(plan.isMember(i));
    }
    assertSameBytes(batch, written(0));
  }

  @Test
  void theVnetHeaderAsksForTcpSegmentationWithAPartialChecksum() {
    for (int i = 0; i < 3; i++) {
      seg(40000, 1000L * i, 1000, Packets.TCP_ACK);
    }
    plan();
    byte[] out = new byte[GsoPacket.VNET_HDR + plan.totalLength(0)];
    GsoPacket.group(bufs, sizes, OFF, plan, 0, out);
    assertEquals(GsoPacket.F_NEEDS_CSUM, out[0]);
    assertEquals(GsoPacket.GSO_TCPV4, out[1]);
    assertEquals(52, le16(out, 2), "hdr_len");
    assertEquals(1000, le16(out, 4), "gso_size");
    assertEquals(20, le16(out, 6), "csum_start");
    assertEquals(16, le16(out, 8), "csum_offset");
    int ip = GsoPacket.VNET_HDR;
    assertEquals(0, Packets.checksum(out, ip, 20), "IPv4 header checksum");
    long pseudo = Checksums.pseudoHeader(out, ip, plan.totalLength(0) - 20);
    assertEquals(Checksums.fold(pseudo), TcpCoalescing.u16(out, ip + 36), "partial TCP checksum");
  }

  @Test
  void aShorterSegmentEndsItsGroup() {
    seg(40000, 0, 1000, Packets.TCP_ACK);
    seg(40000, 1000, 1000, Packets.TCP_ACK);
    seg(40000, 2000, 500, Packets.TCP_ACK);
    seg(40000, 2500, 1000, Packets.TCP_ACK);
    plan();
    assertEquals(3, plan.segments(0));
    assertFalse(plan.isMember(3));
    assertEquals(1, plan.segments(3));
    assertSameBytes(batch.subList(0, 3), written(0));
  }

  @Test
  void interleavedFlowsMakeOneGroupEachInTheirOrder() {
    seg(40000, 0, 1000, Packets.TCP_ACK);
    seg(40001, 7000, 1000, Packets.TCP_ACK);
    seg(40000, 1000, 1000, Packets.TCP_ACK);
    seg(40001, 8000, 1000, Packets.TCP_ACK);
    seg(40000, 2000, 1000, Packets.TCP_ACK);
    plan();
    assertEquals(3, plan.segments(0));
    assertEquals(2, plan.segments(1));
    assertSameBytes(List.of(batch.get(0), batch.get(2), batch.get(4)), written(0));
    assertSameBytes(List.of(batch.get(1), batch.get(3)), written(1));
  }

  @Test
  void aGapADifferentAckWindowOrOptionsOrTtlNeverJoin() {
    seg(40000, 0, 1000, Packets.TCP_ACK);
    seg(40000, 2000, 1000, Packets.TCP_ACK); // a gap
    seg(40000, 3000, 1000, Packets.TCP_ACK, 5001, 64240, TIMESTAMPS); // another ack
    seg(40000, 4000, 1000, Packets.TCP_ACK, 5001, 1000, TIMESTAMPS); // another window
    byte[] later = TIMESTAMPS.clone();
    later[7] = 8;
    seg(40000, 5000, 1000, Packets.TCP_ACK, 5001, 1000, later); // another TSval
    plan();
    for (int i = 0; i < batch.size(); i++) {
      assertEquals(1, plan.segments(i), "packet " + i);
      assertFalse(plan.isMember(i), "packet " + i);
    }
    byte[] ttl = seg(40001, 0, 100, Packets.TCP_ACK);
    byte[] other = seg(40001, 100, 100, Packets.TCP_ACK);
    other[8] = 63;
    other[10] = 0;
    other[11] = 0;
    int c = Packets.checksum(other, 0, 20);
    other[10] = (byte) (c >> 8);
    other[11] = (byte) c;
    plan();
    assertEquals(1, plan.segments(batch.indexOf(ttl)));
  }

  @Test
  void identificationsThatDoNotCountUpNeverJoin() {
    seg(40000, 0, 1000, Packets.TCP_ACK);
    ipIds.merge(40000, 5, Integer::sum); // a sender with random identifications
    seg(40000, 1000, 1000, Packets.TCP_ACK);
    plan();
    assertEquals(1, plan.segments(0));
    assertFalse(plan.isMember(1));
  }

  @Test
  void aPacketOfTheFlowThatCannotJoinClosesItsGroupSoOrderIsKept() {
    seg(40000, 0, 1000, Packets.TCP_ACK);
    seg(40000, 1000, 1000, Packets.TCP_ACK);
    seg(40000, 2000, 0, Packets.TCP_ACK); // a pure ACK (e.g. a window update)
    seg(40000, 2000, 1000, Packets.TCP_ACK);
    seg(40000, 3000, 0, Packets.TCP_ACK | Packets.TCP_FIN);
    plan();
    assertEquals(2, plan.segments(0));
    assertEquals(1, plan.segments(2));
    assertFalse(plan.isMember(3), "joined a group across the pure ACK");
    assertEquals(1, plan.segments(3));
    assertEquals(1, plan.segments(4));
  }

  @Test
  void aSegmentWithABadChecksumIsNeverCoalesced() {
    seg(40000, 0, 1000, Packets.TCP_ACK);
    byte[] bad = seg(40000, 1000, 1000, Packets.TCP_ACK);
    bad[100] ^= 1; // corrupt in transit: the kernel must see the bad checksum, not a new one
    seg(40000, 2000, 1000, Packets.TCP_ACK);
    seg(40000, 3000, 1000, Packets.TCP_ACK);
    plan();
    assertEquals(1, plan.segments(0));
    assertEquals(1, plan.segments(1));
    assertFalse(plan.isMember(2));
    assertEquals(2, plan.segments(2), "the segments after it still coalesce");
    assertArrayEquals(bad, written(1).get(0));
  }

  @Test
  void nonTcpFragmentsIpOptionsSynAndPushedFirstSegmentsStayAlone() {
    batch.add(Packets.udp4(CLIENT, 1, SERVER, 2, new byte[1000]));
    batch.add(Packets.udp4(CLIENT, 1, SERVER, 2, new byte[1000]));
    seg(40000, 0, 0, Packets.TCP_SYN);
    seg(40000, 1, 500, Packets.TCP_ACK | Packets.TCP_PSH);
    seg(40000, 501, 500, Packets.TCP_ACK);
    byte[] frag = seg(40002, 0, 1000, Packets.TCP_ACK);
    seg(40002, 1000, 1000, Packets.TCP_ACK);
    frag[6] |= 0x20; // more fragments
    plan();
    for (int i = 0; i < batch.size(); i++) {
      assertEquals(1, plan.segments(i), "packet " + i);
    }
  }

  @Test
  void groupsStopAt64SegmentsAnd65535Bytes() {
    for (int i = 0; i < 70; i++) {
      seg(40000, 500L * i, 500, Packets.TCP_ACK);
    }
    plan();
    assertEquals(TcpCoalescing.MAX_SEGMENTS, plan.segments(0));
    assertEquals(6, plan.segments(64));
    batch.clear();
    for (int i = 0; i < 50; i++) {
      seg(40000, 1400L * i, 1400, Packets.TCP_ACK);
    }
    plan();
    assertEquals(46, plan.segments(0)); // 52 + 46 x 1400 = 64,452; one more is over 65,535
    assertTrue(plan.totalLength(0) <= 65535);
    assertEquals(4, plan.segments(46));
    assertSameBytes(batch.subList(0, 46), written(0));
  }

  /** Random batches: every packet is written once, and every flow's packets in their order. */
  @Test
  void randomBatchesKeepEveryPacketOnceAndEachFlowInOrder() {
    Random r = new Random(7);
    for (int round = 0; round < 300; round++) {
      batch.clear();
      long[] next = {0, 0, 0};
      int n = 1 + r.nextInt(64);
      for (int i = 0; i < n; i++) {
        int flow = r.nextInt(3);
        int size = r.nextInt(5) == 0 ? r.nextInt(1400) : 1000;
        int flags = r.nextInt(8) == 0 ? Packets.TCP_ACK | Packets.TCP_PSH : Packets.TCP_ACK;
        long seq = r.nextInt(10) == 0 ? next[flow] - 1000 : next[flow]; // some retransmissions
        byte[] p = seg(40000 + flow, seq, size, flags);
        if (r.nextInt(20) == 0) {
          p[p.length - 1] ^= 1;
        }
        next[flow] = seq + size;
      }
      plan();
      Map<Integer, List<byte[]>> wrote = new HashMap<>();
      Map<Integer, List<byte[]>> sent = new HashMap<>();
      for (int i = 0; i < n; i++) {
        byte[] p = batch.get(i);
        int port = TcpCoalescing.u16(p, 20);
        sent.computeIfAbsent(port, k -> new ArrayList<>()).add(p);
        if (!plan.isMember(i)) {
          for (byte[] w : written(i)) {
            wrote.computeIfAbsent(TcpCoalescing.u16(w, 20), k -> new ArrayList<>()).add(w);
          }
        }
      }
      for (int port : sent.keySet()) {
        assertSameBytes(sent.get(port), wrote.get(port));
      }
    }
  }

  static void assertSameBytes(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size(), "packets");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "packet " + i);
    }
  }

  static int le16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  static Inet4Address ip(String s) {
    try {
      return (Inet4Address) InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}

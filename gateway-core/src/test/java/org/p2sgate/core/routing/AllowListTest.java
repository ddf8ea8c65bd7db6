package org.p2sgate.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {
  private static int ip(int a, int b, int c, int d) {
    return a << 24 | b << 16 | c << 8 | d;
  }

  /** A 28-byte IPv4 packet (header, then source and destination port) to {@code dst}. */
  private static byte[] packet(int dst, int protocol, int dstPort) {
    byte[] p = new byte[28];
    p[0] = 0x45;
    p[9] = (byte) protocol;
    p[12] = 10;
    p[13] = 8;
    p[15] = 2;
    p[16] = (byte) (dst >>> 24);
    p[17] = (byte) (dst >>> 16);
    p[18] = (byte) (dst >>> 8);
    p[19] = (byte) dst;
    p[22] = (byte) (dstPort >>> 8);
    p[23] = (byte) dstPort;
    return p;
  }

  private static boolean permits(AllowList l, byte[] p) {
    return l.permits(p, 0, p.length);
  }

  @Test
  void allAndNone() {
    byte[] p = packet(ip(1, 2, 3, 4), 17, 53);
    assertTrue(permits(AllowList.ALL, p));
    assertFalse(permits(AllowList.NONE, p));
    assertFalse(permits(AllowList.of(List.of()), p));
  }

  @Test
  void prefixEdges() {
    AllowList zero = AllowList.of(List.of(AllowRule.network(0, 0)));
    assertTrue(permits(zero, packet(ip(255, 255, 255, 255), 1, 0)));
    assertTrue(permits(zero, packet(0, 6, 1)));

    AllowList host = AllowList.of(List.of(AllowRule.network(ip(10, 30, 1, 5), 32)));
    assertTrue(permits(host, packet(ip(10, 30, 1, 5), 6, 22)));
    assertFalse(permits(host, packet(ip(10, 30, 1, 4), 6, 22)));
    assertFalse(permits(host, packet(ip(10, 30, 1, 6), 6, 22)));

    AllowList net = AllowList.of(List.of(AllowRule.network(ip(10, 20, 0, 0), 16)));
    assertTrue(permits(net, packet(ip(10, 20, 0, 0), 17, 1)));
    assertTrue(permits(net, packet(ip(10, 20, 255, 255), 17, 1)));
    assertFalse(permits(net, packet(ip(10, 21, 0, 0), 17, 1)));
    assertFalse(permits(net, packet(ip(10, 19, 255, 255), 17, 1)));

    AllowList top = AllowList.of(List.of(AllowRule.network(ip(128, 0, 0, 0), 1)));
    assertTrue(permits(top, packet(ip(200, 0, 0, 1), 17, 1)));
    assertFalse(permits(top, packet(ip(127, 255, 255, 255), 17, 1)));
  }

  @Test
  void portsAndProtocols() {
    int h = ip(10, 30, 1, 5);
    AllowList l =
        AllowList.of(
            List.of(
                new AllowRule(h, 32, AllowRule.TCP, 443, 443),
                new AllowRule(h, 32, AllowRule.UDP, 5000, 5010),
                new AllowRule(ip(10, 40, 0, 0), 16, AllowRule.ICMP, 0, 65535)));
    assertTrue(permits(l, packet(h, 6, 443)));
    assertFalse(permits(l, packet(h, 6, 444)));
    assertFalse(permits(l, packet(h, 17, 443)), "the port of another protocol");
    assertTrue(permits(l, packet(h, 17, 5000)));
    assertTrue(permits(l, packet(h, 17, 5010)));
    assertFalse(permits(l, packet(h, 17, 5011)));
    assertFalse(permits(l, packet(h, 1, 443)), "icmp to a host with port rules only");
    assertFalse(permits(l, packet(h, 47, 443)), "GRE has no ports");
    assertTrue(permits(l, packet(ip(10, 40, 9, 9), 1, 0)));
    assertFalse(permits(l, packet(ip(10, 40, 9, 9), 6, 80)));
  }

  @Test
  void fragmentsAndShortHeadersNeverMatchAPortRule() {
    int h = ip(10, 30, 1, 5);
    AllowList l = AllowList.of(List.of(new AllowRule(h, 32, AllowRule.TCP, 443, 443)));
    byte[] later = packet(h, 6, 443);
    later[7] = 1; // fragment offset 8 bytes: what looks like ports is payload
    assertFalse(permits(l, later));
    byte[] first = packet(h, 6, 443);
    first[6] = 0x20; // more fragments, offset 0: the ports are there
    assertTrue(permits(l, first));
    byte[] tiny = packet(h, 6, 443);
    assertFalse(l.permits(tiny, 0, 23), "ports cut off");
    byte[] options = packet(h, 6, 443);
    options[0] = 0x46; // a 24-byte header: the ports are past the packet's end
    assertFalse(permits(l, options));
    byte[] badIhl = packet(h, 6, 443);
    badIhl[0] = 0x44;
    assertFalse(permits(l, badIhl));
  }

  @Test
  void duplicatesAreKeptOnceAndBadRulesRefused() {
    AllowRule r = AllowRule.network(ip(10, 0, 0, 0), 8);
    assertEquals(1, AllowList.of(List.of(r, r)).rules().size());
    assertThrows(IllegalArgumentException.class, () -> AllowRule.network(ip(10, 0, 0, 1), 8));
    assertThrows(IllegalArgumentException.class, () -> AllowRule.network(0, 33));
    assertThrows(IllegalArgumentException.class, () -> new AllowRule(0, 0, 6, 10, 9));
  }
}

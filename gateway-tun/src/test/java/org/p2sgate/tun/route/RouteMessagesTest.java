package org.p2sgate.tun.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bytes captured from Linux 6.x on x86_64 (a Python rtnetlink socket in a scratch namespace, after
 * {@code ip route add 172.20.1.0/24 via 198.18.3.2 table 100 proto bird metric 32}), then the same
 * turned into nonsense.
 */
class RouteMessagesTest {
  /** RTM_NEWROUTE event: 172.20.1.0/24, table 100, proto bird, unicast, metric 32. */
  static final String NEW =
      "4400000018000006f34e106bd44a000002180000640c00010000000008000f00640000000800"
          + "0100ac140100080006002000000008000500c61203020800040003000000";

  /** RTM_DELROUTE of the same. */
  static final String DEL =
      "4400000019000000f34e106bd64a000002180000640c00010000000008000f00640000000800"
          + "0100ac140100080006002000000008000500c61203020800040003000000";

  /**
   * One part of a dump (NLM_F_MULTI): the route above, then the connected route of the veth in the
   * main table (254) and two of the local table (255).
   */
  static final String DUMP =
      "4400000018000200010000009a4a000002180000640c00010000000008000f00640000000800"
          + "0100ac140100080006002000000008000500c612030208000400030000003c000000180002"
          + "00010000009a4a000002180000fe02fd010000000008000f00fe00000008000100c6120300"
          + "08000700c612030108000400030000003c00000018000200010000009a4a000002200000ff"
          + "02fe020000000008000f00ff00000008000100c612030108000700c6120301080004000300"
          + "00003c00000018000200010000009a4a000002200000ff02fd030000000008000f00ff0000"
          + "0008000100c61203ff08000700c61203010800040003000000";

  static final String DONE = "1400000003000200010000009a4a000000000000";

  static final Ipv4Prefix NET = new Ipv4Prefix(0xac140100, 24);

  @BeforeAll
  static void capturedOnALittleEndianMachine() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the captures are little-endian");
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  static RouteMessages.Batch parse(String s) {
    byte[] b = hex(s);
    return RouteMessages.parse(b, b.length);
  }

  @Test
  void readsAnAddedRoute() {
    RouteMessages.Batch b = parse(NEW);
    assertEquals(List.of(new RouteMessages.Route(true, NET, 100, 1, 32)), b.routes());
    assertEquals(0, b.malformed());
    assertFalse(b.done());
  }

  @Test
  void readsARemovedRoute() {
    assertEquals(List.of(new RouteMessages.Route(false, NET, 100, 1, 32)), parse(DEL).routes());
  }

  @Test
  void readsEveryMessageOfADumpAndItsEnd() {
    RouteMessages.Batch b = parse(DUMP);
    assertEquals(4, b.routes().size());
    assertEquals(NET, b.routes().get(0).prefix());
    assertEquals(254, b.routes().get(1).table());
    assertEquals(new Ipv4Prefix(0xc6120301, 32), b.routes().get(2).prefix());
    assertTrue(parse(DONE).done());
    assertTrue(parse(DUMP + DONE).done());
  }

  @Test
  void aTruncatedBufferKeepsWhatCameBeforeAndCountsTheRest() {
    String two = NEW + DEL;
    for (int cut = 0; cut < two.length() / 2; cut++) {
      byte[] b = hex(two);
      RouteMessages.Batch r = RouteMessages.parse(b, cut);
      int whole = cut >= 0x44 * 2 ? 2 : cut >= 0x44 ? 1 : 0;
      assertEquals(whole, r.routes().size(), "cut at " + cut);
      assertEquals(cut % 0x44 >= 16 ? 1 : 0, r.malformed(), "cut at " + cut);
    }
  }

  @Test
  void badLengthsAreMalformed() {
    byte[] b = hex(NEW);
    b[0] = 8; // shorter than its own header
    assertEquals(1, RouteMessages.parse(b, b.length).malformed());
    b = hex(NEW);
    b[28] = 3; // an attribute shorter than its header
    assertEquals(1, RouteMessages.parse(b, b.length).malformed());
    b = hex(NEW);
    b[36] = 6; // RTA_DST of 2 bytes
    assertEquals(1, RouteMessages.parse(b, b.length).malformed());
    b = hex(NEW);
    b[17] = 33; // /33
    assertEquals(1, RouteMessages.parse(b, b.length).malformed());
    b = hex(NEW);
    b[17] = 16; // 172.20.1.0/16 has host bits
    assertEquals(1, RouteMessages.parse(b, b.length).malformed());
    assertEquals(1, RouteMessages.parse(null, 3).malformed());
    assertEquals(1, RouteMessages.parse(new byte[4], 5).malformed());
  }

  @Test
  void otherFamiliesAndMessagesAreSkipped() {
    byte[] b = hex(NEW);
    b[16] = 10; // AF_INET6
    RouteMessages.Batch r = RouteMessages.parse(b, b.length);
    assertEquals(0, r.routes().size());
    assertEquals(0, r.malformed());
    b = hex(NEW);
    b[4] = 16; // RTM_NEWLINK
    assertEquals(0, RouteMessages.parse(b, b.length).routes().size());
  }

  @Test
  void anErrorIsReported() {
    // NLMSG_ERROR, error -16 (EBUSY), then the request's header
    byte[] b = hex("2400000002000000010000000000000" + "0f0ffffff1c0000001a0001030100000000000000");
    assertEquals(-16, RouteMessages.parse(b, b.length).error());
  }

  @Test
  void randomAndMutatedInputNeverThrows() {
    Random rnd = new Random(42);
    byte[] base = hex(DUMP + DONE + NEW + DEL);
    for (int i = 0; i < 20_000; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = base.clone();
        for (int k = 0; k < 1 + rnd.nextInt(6); k++) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
        }
      } else {
        b = new byte[rnd.nextInt(200)];
        rnd.nextBytes(b);
        if (b.length >= 6) {
          b[0] = (byte) b.length; // plausible lengths get past the first check
          b[1] = 0;
          b[2] = 0;
          b[3] = 0;
          b[4] = (byte) (24 + rnd.nextInt(2));
          b[5] = 0;
        }
      }
      RouteMessages.Batch r = RouteMessages.parse(b, rnd.nextInt(b.length + 1));
      for (RouteMessages.Route route : r.routes()) {
        assertTrue(route.prefix().length() <= 32);
      }
    }
  }

  @Test
  void theDumpRequestAsksForIpv4Routes() {
    byte[] req = RouteMessages.dumpRequest(7);
    assertEquals(28, req.length);
    assertEquals("1c0000001a00010307000000000000000200000000000000", hexOf(req).substring(0, 48));
  }

  private static String hexOf(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}

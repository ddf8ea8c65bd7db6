package org.p2sgate.core.ippool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The IPv6 pool tied to the IPv4 one, as the reference's server-ipv6 lays it out. */
class Ipv6PoolTest {
  static Inet6Address v6(String s) throws Exception {
    return (Inet6Address) InetAddress.getByName(s);
  }

  static IpPool v4(int prefix) throws Exception {
    return new IpPool((Inet4Address) InetAddress.getByName("10.8.0.0"), prefix);
  }

  @Test
  void theFirstClientGetsNetPlus0x1000AndTheGatewayNetPlusOne() throws Exception {
    Ipv6Pool p = new Ipv6Pool(v6("2001:db8::"), 64, v4(24));
    assertEquals("2001:db8::1", Ipv6Text.of(p.gatewayAddress()));
    assertEquals("2001:db8::1000", Ipv6Text.of(p.addressOf(2))); // 10.8.0.2
    assertEquals("2001:db8::10fc", Ipv6Text.of(p.addressOf(254))); // 10.8.0.254
    assertEquals(64, p.prefix());
  }

  @Test
  void aSlash112OrLongerStartsAtNetPlusTwo() throws Exception {
    assertEquals("fd00::2", Ipv6Text.of(new Ipv6Pool(v6("fd00::"), 112, v4(24)).addressOf(2)));
    assertEquals("fd00::1:2", Ipv6Text.of(new Ipv6Pool(v6("fd00::1:0"), 120, v4(24)).addressOf(2)));
  }

  @Test
  void offsetOfMapsBackAndRefusesEverythingElse() throws Exception {
    Ipv6Pool p = new Ipv6Pool(v6("fd00:8::"), 64, v4(24));
    for (int offset = 2; offset <= 254; offset++) {
      assertEquals(offset, p.offsetOf(p.addressOf(offset).getAddress(), 0));
    }
    byte[] buf = new byte[40];
    System.arraycopy(v6("fd00:8::10fc").getAddress(), 0, buf, 24, 16);
    assertEquals(254, p.offsetOf(buf, 24));
    for (String outside :
        new String[] {
          "fd00:8::10fd", // past the last IPv4 client
          "fd00:8::fff", // below the pool
          "fd00:8::1", // the gateway
          "fd00:8::", // the network
          "fd00:9::1000", // another network
          "fd00:8:0:0:1::1000", // same low bits, other interface id
          "::",
          "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
        }) {
      assertEquals(-1, p.offsetOf(v6(outside).getAddress(), 0), outside);
    }
  }

  @Test
  void aNetworkNearTheTopOfItsSpaceWrapsNothing() throws Exception {
    Ipv6Pool p = new Ipv6Pool(v6("fd00:8::ffff:ffff:ffff:ff00"), 120, v4(24));
    assertEquals("fd00:8::ffff:ffff:ffff:ff02", Ipv6Text.of(p.addressOf(2)));
    assertEquals(254, p.offsetOf(p.addressOf(254).getAddress(), 0));
    assertEquals(-1, p.offsetOf(v6("fd00:8::ffff:ffff:ffff:ff01").getAddress(), 0));
  }

  @Test
  void capacity() throws Exception {
    assertNull(Ipv6Pool.capacityProblem(64, 1L << 24));
    assertNull(Ipv6Pool.capacityProblem(96, 1L << 24));
    assertNull(Ipv6Pool.capacityProblem(120, 253)); // 254 addresses from NET+2
    assertNull(Ipv6Pool.capacityProblem(112, 65533));
    assertNotNull(Ipv6Pool.capacityProblem(121, 253));
    assertNotNull(Ipv6Pool.capacityProblem(124, 253));
    assertNotNull(Ipv6Pool.capacityProblem(104, 1L << 24)); // 2^24 - 0x1000 addresses
    assertThrows(IllegalArgumentException.class, () -> new Ipv6Pool(v6("fd00::"), 124, v4(24)));
    assertThrows(IllegalArgumentException.class, () -> new Ipv6Pool(v6("fd00::"), 48, v4(24)));
  }
}

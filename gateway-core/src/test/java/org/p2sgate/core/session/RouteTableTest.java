package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.ippool.IpPool;

class RouteTableTest {
  static int ip(String dotted) throws Exception {
    return IpPool.toInt(InetAddress.getByName(dotted));
  }

  @Test
  void routesPoolAddressesAndNothingElse() throws Exception {
    IpPool pool = new IpPool((Inet4Address) InetAddress.getByName("10.8.0.0"), 16);
    RouteTable<String> t = new RouteTable<>(pool);
    assertTrue(t.put(ip("10.8.0.2"), "a"));
    assertTrue(t.put(ip("10.8.255.254"), "b"));
    assertFalse(t.put(ip("10.9.0.2"), "c"), "outside the pool");
    assertEquals("a", t.get(ip("10.8.0.2")));
    assertEquals("b", t.get(ip("10.8.255.254")));
    assertNull(t.get(ip("10.8.0.3")));
    assertNull(t.get(ip("10.7.255.255")));
    assertNull(t.get(ip("10.9.0.2")));
    assertEquals(2, t.size());
  }

  @Test
  void removesOnlyTheRouteOfTheSameOwner() throws Exception {
    IpPool pool = new IpPool((Inet4Address) InetAddress.getByName("10.8.0.0"), 24);
    RouteTable<String> t = new RouteTable<>(pool);
    t.put(ip("10.8.0.5"), "new");
    assertFalse(
        t.remove(ip("10.8.0.5"), "old"), "a replaced session must not remove its successor");
    assertEquals("new", t.get(ip("10.8.0.5")));
    assertTrue(t.remove(ip("10.8.0.5"), "new"));
    assertNull(t.get(ip("10.8.0.5")));
    assertFalse(t.remove(ip("10.8.1.5"), "new"));
    assertEquals(0, t.size());
  }

  @Test
  void aSlash8PoolTakesPagesOnlyWhereAddressesAre() throws Exception {
    IpPool pool = new IpPool((Inet4Address) InetAddress.getByName("10.0.0.0"), 8);
    RouteTable<String> t = new RouteTable<>(pool);
    for (int i = 0; i < 10_000; i++) {
      assertTrue(t.put(ip("10.0.0.0") + 2 + i * 1_601, "s" + i));
    }
    for (int i = 0; i < 10_000; i++) {
      assertEquals("s" + i, t.get(ip("10.0.0.0") + 2 + i * 1_601));
    }
    assertEquals("s9999", t.get(ip("10.0.0.0") + 2 + 9_999 * 1_601));
    assertEquals(10_000, t.size());
  }
}

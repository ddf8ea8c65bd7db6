package org.p2sgate.core.ippool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code topology subnet} client pool. */
class IpPoolTest {
  private static Inet4Address ip(String dotted) {
    String[] p = dotted.split("\\.");
    int v = 0;
    for (String s : p) {
      v = v << 8 | Integer.parseInt(s);
    }
    return IpPool.toAddress(v);
  }

  private static String str(Inet4Address a) {
    return a == null ? null : a.getHostAddress();
  }

  @Test
  void allocatesFromDotTwoUpwards() {
    IpPool pool = new IpPool(ip("10.8.0.0"), 24);
    assertEquals("10.8.0.1", str(pool.gatewayAddress()));
    assertEquals("255.255.255.0", pool.netmask());
    assertEquals(24, pool.prefix());
    for (int i = 2; i <= 10; i++) {
      assertEquals("10.8.0." + i, str(pool.allocate()));
    }
    assertEquals(9, pool.allocatedCount());
    assertTrue(pool.isAllocated(ip("10.8.0.2")));
    assertFalse(pool.isAllocated(ip("10.8.0.11")));
    assertFalse(pool.isAllocated(ip("10.8.0.1")), "the gateway is not a lease");
  }

  @Test
  void releaseThenTheLowestFreeComesBackFirst() {
    IpPool pool = new IpPool(ip("10.8.0.0"), 24);
    for (int i = 0; i < 6; i++) {
      pool.allocate(); // .2 .. .7
    }
    pool.release(ip("10.8.0.5"));
    pool.release(ip("10.8.0.3"));
    assertFalse(pool.isAllocated(ip("10.8.0.3")));
    assertEquals(4, pool.allocatedCount());
    assertEquals("10.8.0.3", str(pool.allocate()));
    assertEquals("10.8.0.5", str(pool.allocate()));
    assertEquals("10.8.0.8", str(pool.allocate()));
    pool.release(ip("10.8.0.5"));
    pool.release(ip("10.8.0.5")); // twice is harmless
    assertEquals("10.8.0.5", str(pool.allocate()));
  }

  @Test
  void releaseIgnoresAddressesItNeverHandsOut() {
    IpPool pool = new IpPool(ip("10.8.0.0"), 24);
    int before = pool.allocatedCount();
    for (String a :
        new String[] {
          "10.8.0.0",
          "10.8.0.1",
          "10.8.0.255",
          "10.9.0.2",
          "192.168.1.2",
          "138.8.0.2",
          "0.0.0.0",
          "255.255.255.255"
        }) {
      pool.release(ip(a));
    }
    assertEquals(before, pool.allocatedCount());
    assertEquals("10.8.0.2", str(pool.allocate()));
  }

  @Test
  void slash30HasOneClientAddress() {
    IpPool pool = new IpPool(ip("192.168.7.4"), 30);
    assertEquals("192.168.7.5", str(pool.gatewayAddress()));
    assertEquals("255.255.255.252", pool.netmask());
    assertEquals("192.168.7.6", str(pool.allocate()));
    assertNull(pool.allocate(), ".7 is the broadcast address");
    assertNull(pool.allocate());
    pool.release(ip("192.168.7.6"));
    assertEquals("192.168.7.6", str(pool.allocate()));
  }

  @Test
  void slash16IsExhaustedAfterEveryHostButGatewayAndBroadcast() {
    IpPool pool = new IpPool(ip("172.16.0.0"), 16);
    assertEquals("255.255.0.0", pool.netmask());
    Set<Inet4Address> seen = new HashSet<>();
    Inet4Address a;
    Inet4Address last = null;
    while ((a = pool.allocate()) != null) {
      assertTrue(seen.add(a), "handed out twice: " + a);
      last = a;
    }
    assertEquals(65_536 - 3, seen.size());
    assertEquals(65_536 - 3, pool.allocatedCount());
    assertEquals(
        "172.16.0.2",
        str(
            seen.stream()
                .min((x, y) -> Integer.compareUnsigned(IpPool.toInt(x), IpPool.toInt(y)))
                .orElseThrow()));
    assertEquals("172.16.255.254", str(last));
    assertFalse(seen.contains(ip("172.16.0.0")));
    assertFalse(seen.contains(ip("172.16.0.1")));
    assertFalse(seen.contains(ip("172.16.255.255")));
    assertTrue(seen.contains(ip("172.16.1.0")), "only the pool's own edges are reserved");
    assertTrue(seen.contains(ip("172.16.0.255")));
    pool.release(ip("172.16.128.0"));
    assertEquals("172.16.128.0", str(pool.allocate()));
    assertNull(pool.allocate());
  }

  @Test
  void theNetworkIsMaskedToItsPrefix() {
    IpPool pool = new IpPool(ip("10.8.0.77"), 24);
    assertEquals("10.8.0.1", str(pool.gatewayAddress()));
    assertEquals("10.8.0.2", str(pool.allocate()));
    IpPool high = new IpPool(ip("200.1.2.3"), 8);
    assertEquals("200.0.0.1", str(high.gatewayAddress()));
    assertEquals("200.0.0.2", str(high.allocate()));
    assertTrue(high.contains(IpPool.toInt(ip("200.255.255.255"))));
    assertFalse(high.contains(IpPool.toInt(ip("201.0.0.0"))));
    assertFalse(high.contains(IpPool.toInt(ip("199.255.255.255"))));
  }

  @ParameterizedTest
  @CsvSource({
    "8, 255.0.0.0",
    "12, 255.240.0.0",
    "16, 255.255.0.0",
    "20, 255.255.240.0",
    "23, 255.255.254.0",
    "24, 255.255.255.0",
    "25, 255.255.255.128",
    "29, 255.255.255.248",
    "30, 255.255.255.252",
  })
  void netmaskStrings(int prefix, String mask) {
    assertEquals(mask, new IpPool(ip("10.0.0.0"), prefix).netmask());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 7, 31, 32})
  void unusablePrefixesAreRejected(int prefix) {
    assertThrows(IllegalArgumentException.class, () -> new IpPool(ip("10.0.0.0"), prefix));
  }

  @Test
  void addressConversions() {
    assertEquals(0x0a080002, IpPool.toInt(ip("10.8.0.2")));
    assertEquals(0xfffffffe, IpPool.toInt(ip("255.255.255.254")));
    assertEquals("128.0.0.1", str(IpPool.toAddress(0x80000001)));
    assertNotEquals(ip("10.8.0.2"), ip("10.8.0.3"));
  }

  @org.junit.jupiter.api.Test
  void aSpecificAddressOnlyWhenFreeAndAClientAddress() throws Exception {
    IpPool pool =
        new IpPool((java.net.Inet4Address) java.net.InetAddress.getByName("10.8.0.0"), 24);
    java.net.Inet4Address framed =
        (java.net.Inet4Address) java.net.InetAddress.getByName("10.8.0.42");
    org.junit.jupiter.api.Assertions.assertTrue(pool.allocate(framed));
    org.junit.jupiter.api.Assertions.assertFalse(pool.allocate(framed), "already taken");
    for (String other : new String[] {"10.8.0.0", "10.8.0.1", "10.8.0.255", "10.9.0.5"}) {
      org.junit.jupiter.api.Assertions.assertFalse(
          pool.allocate((java.net.Inet4Address) java.net.InetAddress.getByName(other)), other);
    }
    org.junit.jupiter.api.Assertions.assertEquals(1, pool.allocatedCount());
    pool.release(framed);
    org.junit.jupiter.api.Assertions.assertTrue(pool.allocate(framed), "free again");
  }

  @Test
  void anIdentityGetsItsAddressBackAndNewcomersGetUnrememberedOnes() {
    IpPool pool = new IpPool(ip("10.8.0.0"), 24);
    assertEquals("10.8.0.2", str(pool.allocateFor("alice")));
    assertEquals("10.8.0.3", str(pool.allocateFor("bob")));
    pool.release(ip("10.8.0.2"));
    assertEquals("10.8.0.4", str(pool.allocateFor("carol")), "10.8.0.2 stays alice's");
    assertEquals("10.8.0.2", str(pool.allocateFor("alice")));
    assertEquals(
        java.util.Map.of("alice", ip("10.8.0.2"), "bob", ip("10.8.0.3"), "carol", ip("10.8.0.4")),
        pool.remembered());
  }

  @Test
  void restoredIdentitiesKeepTheirAddressesWhateverOrderTheyComeBackIn() {
    IpPool before = new IpPool(ip("10.8.0.0"), 24);
    before.allocateFor("alice");
    before.allocateFor("bob");
    IpPool after = new IpPool(ip("10.8.0.0"), 24);
    before.remembered().forEach(after::remember);
    assertEquals("10.8.0.4", str(after.allocateFor("carol")));
    assertEquals("10.8.0.3", str(after.allocateFor("bob")), "bob first, still .3");
    assertEquals("10.8.0.2", str(after.allocateFor("alice")));
  }

  @Test
  void aFullPoolHandsOutRememberedAddressesToo() {
    IpPool pool = new IpPool(ip("10.8.0.0"), 29); // .2 to .6
    for (String who : new String[] {"a", "b", "c", "d", "e"}) {
      pool.allocateFor(who);
    }
    pool.release(ip("10.8.0.2"));
    assertEquals("10.8.0.2", str(pool.allocateFor("f")), "all remembered: the lowest free");
    assertEquals("f", pool.remembered().entrySet().iterator().next().getKey(), ".2 is f's now");
    assertNull(pool.allocateFor("a"), "exhausted");
    assertFalse(pool.remember("x", ip("10.9.0.2")), "not of this pool");
  }

  @Test
  void aGroupsPartOfThePoolIsUsedAloneAndItsEdgesRespected() {
    IpPool pool = new IpPool(ip("10.8.0.0"), 24);
    assertEquals(ip("10.8.0.2"), pool.allocateFor("zed"));
    assertEquals(ip("10.8.0.64"), pool.allocateWithin("ann", ip("10.8.0.64"), 30));
    assertEquals(ip("10.8.0.65"), pool.allocateWithin("bea", ip("10.8.0.64"), 30));
    assertEquals(ip("10.8.0.66"), pool.allocateWithin(null, ip("10.8.0.64"), 30));
    assertEquals(ip("10.8.0.67"), pool.allocateWithin(null, ip("10.8.0.64"), 30));
    assertEquals(null, pool.allocateWithin(null, ip("10.8.0.64"), 30), "that part is full");
    pool.release(ip("10.8.0.65"));
    assertEquals(ip("10.8.0.65"), pool.allocateWithin("bea", ip("10.8.0.64"), 30));

    // the identity's last address outside the part does not count
    pool.release(ip("10.8.0.2"));
    assertEquals(ip("10.8.0.252"), pool.allocateWithin("zed", ip("10.8.0.252"), 30));
    // the pool's first two and last address are never handed out, whatever the part
    assertEquals(ip("10.8.0.253"), pool.allocateWithin(null, ip("10.8.0.252"), 30));
    assertEquals(ip("10.8.0.254"), pool.allocateWithin(null, ip("10.8.0.252"), 30));
    assertEquals(null, pool.allocateWithin(null, ip("10.8.0.252"), 30));
    assertEquals(ip("10.8.0.2"), pool.allocateWithin(null, ip("10.8.0.0"), 30), "zed moved on");
    assertEquals(ip("10.8.0.3"), pool.allocateWithin(null, ip("10.8.0.0"), 30));
    assertEquals(null, pool.allocateWithin(null, ip("10.8.0.0"), 30));
    assertEquals(null, pool.allocateWithin(null, ip("10.9.0.0"), 30), "not this pool");
    assertEquals(null, pool.allocateWithin(null, ip("10.7.255.252"), 30), "below it");
  }
}

package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.ConnectRate;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * Cookie replies are limited per source before the global limit: a flood of validly wrapped hard
 * resets (anyone with the profile's tls-crypt key can send them) spends only its own share.
 */
class CookieRateLimitTest {
  static final ConnectRate D = ConnectRate.DEFAULT;

  private static int allowed(CookieRateLimit limit, String address, int tries, long now) {
    int n = 0;
    for (int i = 0; i < tries; i++) {
      if (limit.allow(TestPeer.udp(address, 1000 + i), now)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void eachSourceAndNetworkHasItsShareAndRefusalsCostOthersNothing() {
    CookieRateLimit limit = new CookieRateLimit(ConnectRate.DEFAULT);
    assertEquals(D.perSource(), allowed(limit, "198.51.100.7", 10_000, 0));
    assertEquals(D.perSource(), allowed(limit, "198.51.100.8", 100, 0));
    int network = D.perSource() * 2;
    for (int host = 9; network < D.perNetwork(); host++) {
      network += allowed(limit, "198.51.100." + host, 100, 0);
    }
    assertEquals(0, allowed(limit, "198.51.100.200", 1, 0), "the /24's share is spent");
    assertEquals(1, allowed(limit, "203.0.113.5", 1, 0), "another network is answered");
    assertEquals(1, allowed(limit, "2001:db8:1:2::5", 1, 0));
    assertEquals(D.perSource() - 1, allowed(limit, "2001:db8:1:2::6", 100, 0), "/64");
    assertEquals(D.perSource(), allowed(limit, "198.51.100.7", 100, 10_000), "new window");
  }

  @Test
  void theGlobalLimitStillHolds() {
    CookieRateLimit limit = new CookieRateLimit(ConnectRate.DEFAULT);
    int n = 0;
    for (int a = 0; a < 256 && n < D.total() + 10; a++) {
      for (int b = 0; b < 256; b++) {
        n += allowed(limit, "10." + a + "." + b + ".1", 1, 0);
      }
    }
    assertEquals(D.total(), n);
  }

  /** An office of 150 behind one NAT address, after a restart: configured, they all get in. */
  @Test
  void configuredLimitsLetANatOfficeReconnectAndStillBoundIt() {
    CookieRateLimit limit =
        new CookieRateLimit(new ConnectRate(Duration.ofSeconds(30), 200, 400, 1_000));
    assertEquals(150, allowed(limit, "203.0.113.9", 150, 0));
    assertEquals(50, allowed(limit, "203.0.113.9", 100, 29_999), "the window is 30 s");
    assertEquals(200, allowed(limit, "203.0.113.9", 300, 30_000));
    limit.limits(new ConnectRate(Duration.ofSeconds(10), 5, 100, 1_000)); // a reload
    assertEquals(0, allowed(limit, "203.0.113.9", 1, 30_001), "the running window keeps its count");
    assertEquals(5, allowed(limit, "203.0.113.9", 100, 40_000));
  }

  /** The in-memory client connects while another source floods with valid tls-crypt resets. */
  @Test
  void aRealClientConnectsDuringAValidlyWrappedResetFlood() {
    TestGateway gw = TestGateway.builder().wrap(TlsWrapConfig.Mode.TLS_CRYPT, 7).build();
    TestPeer flooder = TestPeer.udp("198.51.100.7", 5000);
    for (int i = 0; i < 2_000; i++) {
      TestOpenVpnClient f =
          new TestOpenVpnClient(gw.clientConfig("f" + i), gw.now()).start(gw.now());
      for (byte[] p : f.poll(gw.now())) {
        gw.sessions.onPacket(flooder, p, 0, p.length, gw.now(), gw.out);
      }
    }
    assertEquals(D.perSource(), gw.out.takeFor(flooder).size());
    assertTrue(gw.drops().get(DropReason.RATE_LIMITED) >= 1_900);
    TestOpenVpnClient c = gw.establish(TestPeer.udp("198.18.0.2", 40000), gw.clientConfig("alice"));
    assertTrue(c.isConnected());
  }
}

package org.p2sgate.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ProbeTest {
  @Test
  void ipv4HeaderChecksumsToZeroAndTheProbeRoundTrips() {
    byte[] payload = Probe.payload(100, Probe.BURST, 7, 42, 1000, 1400, 5000);
    byte[] ip =
        Probe.ipv4Udp(Probe.ipv4("10.8.0.2"), 40007, Probe.ipv4("198.18.1.2"), Probe.PORT, payload);
    assertEquals(Probe.IP_UDP + 100, ip.length);
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    assertEquals(0xffff, sum, "a valid IPv4 header sums to 0xffff");
    assertEquals(new Probe.Header(Probe.BURST, 7, 42, 1000, 1400, 5000, 0), Probe.parseIp(ip));
  }

  @Test
  void foreignPacketsAreNotProbes() {
    assertNull(Probe.parseIp(new byte[10]));
    byte[] notProbe = Probe.ipv4Udp(1, 2, 3, 4, new byte[40]);
    assertNull(Probe.parseIp(notProbe));
  }
}

package org.p2sgate.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The layout run.sh adds to the client namespace: 198.19.(i / 4).(1 + i % 4). */
class SourceAddressesTest {
  @Test
  void fourAddressesPerSlash24FromTheBase() throws Exception {
    SourceAddresses s = new SourceAddresses(Probe.ipv4("198.19.0.0"), 512);
    assertEquals("198.19.0.1", s.forSession(0).getAddress().getHostAddress());
    assertEquals("198.19.0.4", s.forSession(3).getAddress().getHostAddress());
    assertEquals("198.19.1.2", s.forSession(5).getAddress().getHostAddress());
    assertEquals("198.19.127.4", s.forSession(511).getAddress().getHostAddress());
    assertEquals("198.19.0.1", s.forSession(512).getAddress().getHostAddress());
    assertEquals(0, s.forSession(9).getPort());
  }

  @Test
  void noSourcesMeansTheWildcard() throws Exception {
    assertEquals(true, new SourceAddresses(0, 0).forSession(3).getAddress().isAnyLocalAddress());
  }
}

package org.p2sgate.tun.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableMirrorTest {
  static final Ipv4Prefix A = new Ipv4Prefix(0x0a010000, 16);
  static final Ipv4Prefix B = new Ipv4Prefix(0x0a020000, 16);
  static final Ipv4Prefix C = new Ipv4Prefix(0xc0a80000, 24);

  static RouteMessages.Batch batch(boolean done, RouteMessages.Route... routes) {
    return new RouteMessages.Batch(List.of(routes), done, 0, 0);
  }

  static RouteMessages.Route add(Ipv4Prefix p, int metric) {
    return new RouteMessages.Route(true, p, 100, RouteMessages.RTN_UNICAST, metric);
  }

  static RouteMessages.Route del(Ipv4Prefix p, int metric) {
    return new RouteMessages.Route(false, p, 100, RouteMessages.RTN_UNICAST, metric);
  }

  @Test
  void aDumpIsReportedWhenItEndsThenEachChange() {
    TableMirror m = new TableMirror(100, p -> true, 100);
    m.resync();
    assertFalse(m.apply(batch(false, add(A, 0))));
    assertTrue(m.apply(batch(true, add(B, 0))), "the end of the dump");
    assertEquals(Set.of(A, B), m.prefixes());
    assertTrue(m.apply(batch(false, del(A, 0))));
    assertFalse(m.apply(batch(false, del(A, 0))), "nothing changed");
    assertEquals(Set.of(B), m.prefixes());
  }

  @Test
  void otherTablesTypesAndUnwantedPrefixesAreIgnored() {
    TableMirror m = new TableMirror(100, p -> !p.equals(C), 100);
    m.apply(
        batch(
            false,
            new RouteMessages.Route(true, A, 254, RouteMessages.RTN_UNICAST, 0),
            new RouteMessages.Route(true, A, 100, 6, 0), // blackhole
            add(C, 0)));
    assertEquals(Set.of(), m.prefixes());
  }

  @Test
  void aPrefixStaysWhileAnyMetricOfItDoes() {
    TableMirror m = new TableMirror(100, p -> true, 100);
    m.apply(batch(false, add(A, 10), add(A, 20)));
    assertFalse(m.apply(batch(false, del(A, 10))));
    assertEquals(Set.of(A), m.prefixes());
    assertTrue(m.apply(batch(false, del(A, 20))));
  }

  @Test
  void aFloodIsBounded() {
    TableMirror m = new TableMirror(100, p -> true, 3);
    for (int i = 0; i < 10_000; i++) {
      m.apply(batch(false, add(new Ipv4Prefix(i << 8, 24), 0)));
    }
    assertEquals(3, m.prefixes().size());
    assertEquals(9_997, m.overflowed());
  }

  @Test
  void resyncForgetsTheOldTable() {
    TableMirror m = new TableMirror(100, p -> true, 100);
    m.apply(batch(false, add(A, 0)));
    m.resync();
    assertTrue(m.dumping());
    assertTrue(m.apply(batch(true, add(B, 0))));
    assertEquals(Set.of(B), m.prefixes());
  }
}

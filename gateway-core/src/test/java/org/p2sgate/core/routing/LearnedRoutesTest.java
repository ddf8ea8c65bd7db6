package org.p2sgate.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.RouteSettings;
import org.p2sgate.tun.route.Ipv4Prefix;

class LearnedRoutesTest {
  static Ipv4Prefix p(int a, int b, int c, int len) {
    return new Ipv4Prefix(a << 24 | b << 16 | c << 8, len);
  }

  static final Ipv4Prefix POOL = p(10, 8, 0, 24);

  static LearnedRoutes routes(int max) {
    return new LearnedRoutes(
        new RouteSettings(
            100,
            List.of(p(10, 0, 0, 8), p(172, 16, 0, 12)),
            List.of(p(10, 99, 0, 16)),
            max,
            RouteSettings.OnChange.KEEP,
            5),
        POOL);
  }

  @Test
  void includeExcludeAndThePoolDecide() {
    LearnedRoutes r = routes(100);
    assertTrue(
        r.offer(
            Set.of(
                p(10, 1, 0, 16),
                p(172, 20, 1, 24),
                p(10, 99, 3, 24), // excluded
                p(192, 168, 0, 16), // not included
                p(0, 0, 0, 0), // the default route: not included
                p(10, 8, 0, 25), // inside the pool
                p(10, 0, 0, 8)))); // contains the pool
    assertEquals(List.of(p(10, 1, 0, 16), p(172, 20, 1, 24)), r.current());
    assertEquals(
        List.of("route 10.1.0.0 255.255.0.0", "route 172.20.1.0 255.255.255.0"), r.options());
  }

  @Test
  void onlyAChangeIsOne() {
    LearnedRoutes r = routes(100);
    assertTrue(r.offer(Set.of(p(10, 1, 0, 16))));
    assertFalse(r.offer(Set.of(p(10, 1, 0, 16), p(192, 168, 1, 24))), "not a pushed prefix");
    assertTrue(r.offer(Set.of()));
    assertEquals(List.of(), r.options());
  }

  @Test
  void aFloodIsCutAtMaxTheSameWayEachTime() {
    LearnedRoutes r = routes(1000);
    List<Ipv4Prefix> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add(new Ipv4Prefix(0x0a100000 + (i << 8), 24));
    }
    java.util.Collections.shuffle(many, new java.util.Random(3));
    r.offer(many);
    assertEquals(1000, r.current().size());
    assertEquals(4000, r.leftOut());
    assertEquals(new Ipv4Prefix(0x0a100000, 24), r.current().get(0));
    java.util.Collections.shuffle(many, new java.util.Random(4));
    assertFalse(r.offer(many), "the same table in another order is no change");
  }
}

package org.p2sgate.tun.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.p2sgate.tun.route.Ipv4Prefix;

/**
 * NetlinkRoutes against the real kernel. Needs root to change routes: it fails (does not skip)
 * without it, as CI runs as root.
 *
 * <p>The JVM cannot switch namespaces, so the routes go into a random table (40000..59999) of its
 * own namespace that no rule looks up, checked empty first and flushed after: no packet of the
 * machine takes them.
 */
@Tag("netns")
@Timeout(30)
class NetlinkRoutesNetnsTest {
  int table;
  NetlinkRoutes routes;
  final LinkedBlockingQueue<Set<Ipv4Prefix>> heard = new LinkedBlockingQueue<>();

  @BeforeEach
  void emptyTable() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      fail("needs root to add routes; CI runs as root");
    }
    for (int i = 0; i < 20; i++) {
      table = 40000 + ThreadLocalRandom.current().nextInt(20000);
      if (show().isEmpty()) {
        return;
      }
    }
    fail("no empty routing table found");
  }

  @AfterEach
  void flush() throws Exception {
    if (routes != null) {
      routes.close();
    }
    if (!show().isEmpty()) {
      IpLink.run("-4", "route", "flush", "table", String.valueOf(table));
    }
  }

  /** The table's routes; a table that does not exist is empty. */
  private String show() throws Exception {
    try {
      return IpLink.run("-4", "route", "show", "table", String.valueOf(table));
    } catch (java.io.IOException e) {
      if (e.getMessage().contains("does not exist")) {
        return "";
      }
      throw e;
    }
  }

  @Test
  void dumpThenAddedAndRemovedRoutes() throws Exception {
    route("add", "100.127.1.0/24");
    route("add", "100.127.9.0/24"); // not wanted
    routes =
        NetlinkRoutes.open(
            table,
            p -> (p.address() & 0xffff0000) == 0x647f0000 && (p.address() >>> 8 & 0xff) != 9,
            100);
    routes.follow(heard::add);
    assertEquals(Set.of(prefix(1)), next(), "the dump");
    route("add", "100.127.2.0/24");
    assertEquals(Set.of(prefix(1), prefix(2)), next());
    route("del", "100.127.1.0/24");
    assertEquals(Set.of(prefix(2)), next());
    assertEquals(0, routes.malformed());
  }

  private Set<Ipv4Prefix> next() throws InterruptedException {
    for (Set<Ipv4Prefix> s; (s = heard.poll(5, TimeUnit.SECONDS)) != null; ) {
      if (heard.isEmpty()) {
        return s;
      }
    }
    return fail("nothing heard in 5 s");
  }

  private static Ipv4Prefix prefix(int third) {
    return new Ipv4Prefix(100 << 24 | 127 << 16 | third << 8, 24);
  }

  private void route(String verb, String prefix) throws Exception {
    IpLink.run("-4", "route", verb, prefix, "dev", "lo", "table", String.valueOf(table));
  }
}
